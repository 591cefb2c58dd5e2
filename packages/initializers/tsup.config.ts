import { defineInitlibTsupConfig } from "../../tsup.shared";

export default defineInitlibTsupConfig({ entry: ["src/index.ts", "src/internal.ts", "src/testing.ts"], browserBuild: true });
