import { defineInitlibVitestConfig } from "../../vitest.shared";

export default defineInitlibVitestConfig();
