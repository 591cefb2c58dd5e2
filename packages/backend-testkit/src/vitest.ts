import { describe, it } from "vitest";
import type { BackendConformanceOptions } from "./conformance-options";
import { runConformanceCheck, selectConformanceChecks, type CreateBackend } from "./run-backend-conformance";

/**
 * Registers the conformance suite as a vitest `describe` block with one test per check; skipped checks
 * show as skipped with their reason. Import it from `@initlib/backend-testkit/vitest` (vitest is an
 * optional peer dependency; the main entry never loads it).
 * @example
 * import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
 * describeBackendConformance("tfjs-cpu", () => createTfjsCpuBackend(), {
 *   liveAllocations: () => tf.memory().numTensors,
 * });
 */
export function describeBackendConformance(
  name: string,
  create: CreateBackend,
  options: BackendConformanceOptions = {},
): void {
  describe(`${name} meets the initlib backend contract`, () => {
    for (const check of selectConformanceChecks(options)) {
      it(`${check.id}: ${check.title}`, async (context) => {
        const result = await runConformanceCheck(check, create, options);
        if (result.status === "skipped") context.skip(result.reason);
        if (result.status === "failed") throw result.error;
      });
    }
  });
}

export type { BackendConformanceOptions } from "./conformance-options";
export type { CreateBackend } from "./run-backend-conformance";
