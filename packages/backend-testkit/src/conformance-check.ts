import type { Backend } from "@initlib/initializers";
import type { BackendConformanceOptions } from "./conformance-options";

/** Options with every default filled in, as checks see them. */
export interface ResolvedConformanceOptions {
  readonly liveAllocations: (() => number | Promise<number>) | undefined;
  readonly isDisposedError: (error: unknown) => boolean;
  readonly normalTolerance: number;
  readonly knownAnswerTolerance: number;
  readonly largeElements: number;
  readonly statisticalSamples: number;
  readonly leakCycles: number;
}

/** What a check receives: a fresh backend, the resolved options and a way to skip with a reason. */
export interface ConformanceContext {
  readonly backend: Backend<unknown>;
  readonly options: ResolvedConformanceOptions;
  /** Ends the check as skipped; the reason is reported (e.g. "the backend has no `sample`"). */
  skip(reason: string): never;
}

/**
 * One named check of the conformance suite. `id` is stable (used by `only` and `skip`); `title` says
 * what a passing backend does. `run` throws a {@link ConformanceFailure} (or any error) to fail.
 */
export interface ConformanceCheck {
  readonly id: string;
  readonly title: string;
  run(context: ConformanceContext): Promise<void>;
}

/** Thrown by `context.skip`; the runner turns it into a skipped result. */
export class ConformanceSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ConformanceSkip";
  }
}

/**
 * A check's failure: what the backend did, against what the contract asks.
 * @example
 * throw new ConformanceFailure("read() returned 3 elements, expected 4");
 */
export class ConformanceFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConformanceFailure";
  }
}

/** Fails the running check with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new ConformanceFailure(typeof message === "string" ? message : message());
}

/** Resolves `options` against the documented defaults. */
export function resolveConformanceOptions(
  options: BackendConformanceOptions,
  defaultIsDisposedError: (error: unknown) => boolean,
): ResolvedConformanceOptions {
  return {
    liveAllocations: options.liveAllocations,
    isDisposedError: options.isDisposedError ?? defaultIsDisposedError,
    normalTolerance: options.normalTolerance ?? 1e-4,
    knownAnswerTolerance: options.knownAnswerTolerance ?? 1e-6,
    largeElements: options.largeElements ?? 2 ** 20 + 5,
    statisticalSamples: options.statisticalSamples ?? 131_072,
    leakCycles: options.leakCycles ?? 24,
  };
}
