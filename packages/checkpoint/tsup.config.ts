import { defineInitlibTsupConfig } from "../../tsup.shared";

export default defineInitlibTsupConfig({ entry: ["src/index.ts", "src/internal.ts", "src/copy-strided.ts", "src/redact-url.ts"], browserBuild: true });
