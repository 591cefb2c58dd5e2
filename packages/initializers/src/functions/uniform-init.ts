import { UniformInit } from "../initializers/uniform-init";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link uniformInit}. */
export interface UniformInitOptions extends InitFunctionOptions {
  /** @default 0 */
  a?: number;
  /** @default 1 */
  b?: number;
  /** @default 0 */
  bias?: number;
}

/**
 * Fills `target.weight` from U(a, b) and `target.bias` with `bias` (MMEngine's
 * `uniform_init(module, a=0, b=1, bias=0)`).
 * @example
 * await uniformInit(embedding, { a: -0.1, b: 0.1 });
 */
export async function uniformInit(target: InitTarget, options?: UniformInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("uniformInit", options);
  await applyInitFunction("uniformInit", new UniformInit(args), target, onWarning);
}
