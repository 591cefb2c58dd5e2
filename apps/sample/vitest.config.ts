import { defineInitlibVitestConfig } from "../../vitest.shared";

export default defineInitlibVitestConfig({ globalSetup: ["test/build-page.setup.ts"] });
