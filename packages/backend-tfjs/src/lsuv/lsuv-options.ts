import { InitlibError } from "@initlib/registry";

/** Options of {@link lsuvInit}. */
export interface LsuvOptions {
  /** Tol_var: stop when |Var(output) − 1| < tolerance. @default 0.1 (the paper's) */
  readonly tolerance?: number;
  /** T_max: rescales allowed per layer before `INITLIB_NOT_CONVERGED`. @default 10 (the paper's) */
  readonly maxIterations?: number;
  /** Pre-initialize the kernels with orthogonal matrices first (the paper's step 1). @default true */
  readonly orthogonal?: boolean;
  /** Seed of the orthogonal pre-init; each kernel's stream is (seed, `<layer>.kernel`). @default 0 */
  readonly seed?: number;
}

function fail(key: string, received: unknown, expected: string): never {
  throw new InitlibError("INITLIB_BAD_ARGUMENT", `LSUV: bad option ${key}`, { path: `options.${key}`, received, expected });
}

/**
 * The options with their defaults, checked before anything is written.
 * @internal
 */
export function readLsuvOptions(options: LsuvOptions): Required<LsuvOptions> {
  if (typeof options !== "object" || options === null) fail("", options, "an options object");
  const { tolerance = 0.1, maxIterations = 10, orthogonal = true, seed = 0 } = options;
  if (typeof tolerance !== "number" || !(tolerance > 0 && tolerance < 1)) fail("tolerance", tolerance, "a number in (0, 1), e.g. 0.1");
  if (!Number.isInteger(maxIterations) || maxIterations < 1 || maxIterations > 1000) fail("maxIterations", maxIterations, "an integer in [1, 1000]");
  if (typeof orthogonal !== "boolean") fail("orthogonal", orthogonal, "true or false");
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) fail("seed", seed, "an integer in [0, 2^53)");
  return { tolerance, maxIterations, orthogonal, seed };
}
