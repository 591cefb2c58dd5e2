import { existsSync } from "node:fs";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { SkipReasonsReporter } from "./scripts/skip-reasons-reporter";

// dawn.node reads VK_ICD_FILENAMES from the real process environment when it creates its Vulkan
// instance, so it is set here (main process, before workers start), not in test.env.
const swiftshader = "/usr/lib/chromium/vk_swiftshader_icd.json";
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) {
  process.env.VK_ICD_FILENAMES = swiftshader;
}

/** Vitest settings every package shares: sources resolved through the `@initlib/source` condition,
 * and a JSON report per package that `scripts/run-tests.mjs` sums into one `N passed, N failed, N skipped` line. */
export function defineInitlibVitestConfig(overrides: ViteUserConfig["test"] = {}): ViteUserConfig {
  const conditions = ["@initlib/source", "module", "node", "import", "default"];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@initlib/source"] } },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      pool: "forks",
      testTimeout: 60_000,
      hookTimeout: 60_000,
      reporters: ["default", "json", new SkipReasonsReporter(".vitest-results/skipped.json")],
      outputFile: { json: ".vitest-results/report.json" },
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
      ...overrides,
    },
  });
}
