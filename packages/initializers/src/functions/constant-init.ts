import { ConstantInit } from "../initializers/constant-init";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link constantInit}. */
export interface ConstantInitOptions extends InitFunctionOptions {
  /** @default 0 */
  bias?: number;
}

/**
 * Fills `target.weight` with `val` and `target.bias` with `bias`, each when present (MMEngine's
 * `constant_init(module, val, bias=0)`). Acts on the one target given: no recursion, no matching.
 * @example
 * await constantInit(batchNorm, 1, { bias: 0 });
 */
export async function constantInit(target: InitTarget, val: number, options?: ConstantInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("constantInit", options);
  await applyInitFunction("constantInit", new ConstantInit({ ...args, val }), target, onWarning);
}
