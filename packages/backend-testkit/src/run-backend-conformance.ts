import type { Backend } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import {
  ConformanceSkip,
  resolveConformanceOptions,
  type ConformanceCheck,
  type ResolvedConformanceOptions,
} from "./conformance-check";
import { BACKEND_CONFORMANCE_CHECKS } from "./conformance-checks";
import type { BackendConformanceOptions } from "./conformance-options";

/** Creates a fresh backend; called once per check. */
export type CreateBackend = () => Backend<unknown> | Promise<Backend<unknown>>;

/** Outcome of one check. */
export type ConformanceResult =
  | { readonly id: string; readonly title: string; readonly status: "passed" }
  | { readonly id: string; readonly title: string; readonly status: "skipped"; readonly reason: string }
  | { readonly id: string; readonly title: string; readonly status: "failed"; readonly error: unknown };

/** Outcome of a whole run: one result per selected check, and the totals. */
export interface ConformanceReport {
  readonly backend: string;
  readonly results: readonly ConformanceResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

function isDisposedError(error: unknown): boolean {
  return InitlibError.isInstance(error) && error.code === "INITLIB_DISPOSED";
}

/**
 * The checks `options.only` selects, in suite order; unknown ids in `only` or `skip` are an error, so
 * typos do not pass silently.
 * @example
 * selectConformanceChecks({ only: ["fill", "dispose"] }).map((check) => check.id); // ["fill", "dispose"]
 */
export function selectConformanceChecks(options: BackendConformanceOptions = {}): readonly ConformanceCheck[] {
  const known = new Set(BACKEND_CONFORMANCE_CHECKS.map((check) => check.id));
  const named = [...(options.only ?? []), ...Object.keys(options.skip ?? {})];
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "unknown conformance check id", {
      path: options.only?.some((id) => unknown.includes(id)) ? "options.only" : "options.skip",
      received: unknown,
      expected: `one of ${[...known].join(", ")}`,
    });
  }
  const only = options.only ? new Set(options.only) : undefined;
  return BACKEND_CONFORMANCE_CHECKS.filter((check) => !only || only.has(check.id));
}

/**
 * Runs one check against a fresh backend from `create`; never throws, the outcome is the result.
 * @example
 * const result = await runConformanceCheck(BACKEND_CONFORMANCE_CHECKS[0], createHostBackend);
 */
export async function runConformanceCheck(
  check: ConformanceCheck,
  create: CreateBackend,
  options: BackendConformanceOptions = {},
  resolved: ResolvedConformanceOptions = resolveConformanceOptions(options, isDisposedError),
): Promise<ConformanceResult> {
  const { id, title } = check;
  const skipReason = options.skip?.[id];
  if (skipReason !== undefined) return { id, title, status: "skipped", reason: skipReason };
  let backend: Backend<unknown> | undefined;
  try {
    backend = await create();
    await check.run({
      backend,
      options: resolved,
      skip(reason: string): never {
        throw new ConformanceSkip(reason);
      },
    });
    return { id, title, status: "passed" };
  } catch (error) {
    if (error instanceof ConformanceSkip) return { id, title, status: "skipped", reason: error.reason };
    return { id, title, status: "failed", error };
  } finally {
    if (backend && options.teardown) await options.teardown(backend);
  }
}

/**
 * Runs the conformance suite against backends made by `create` (one per check) and returns a report.
 * Plain async code with no test framework: a browser page or a script can run it as well as a test.
 * @example
 * const report = await runBackendConformance(() => createTfjsBackend({ tf }), {
 *   liveAllocations: () => tf.memory().numTensors,
 * });
 * if (report.failed > 0) console.error(report.results.filter((result) => result.status === "failed"));
 */
export async function runBackendConformance(
  create: CreateBackend,
  options: BackendConformanceOptions = {},
): Promise<ConformanceReport> {
  const resolved = resolveConformanceOptions(options, isDisposedError);
  const results: ConformanceResult[] = [];
  let name = "";
  for (const check of selectConformanceChecks(options)) {
    results.push(
      await runConformanceCheck(
        check,
        async () => {
          const backend = await create();
          name = backend.name;
          return backend;
        },
        options,
        resolved,
      ),
    );
  }
  const total = (status: ConformanceResult["status"]) => results.filter((result) => result.status === status).length;
  return { backend: name, results, passed: total("passed"), failed: total("failed"), skipped: total("skipped") };
}
