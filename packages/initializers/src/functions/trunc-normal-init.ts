import { TruncNormalInit } from "../initializers/trunc-normal-init";
import type { InitTarget } from "../module-like";
import type { TruncNormalBounds } from "../rules/trunc-normal-rule";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link truncNormalInit}. */
export interface TruncNormalInitOptions extends InitFunctionOptions {
  /** @default 0 */
  mean?: number;
  /** @default 1 */
  std?: number;
  /** @default -2 */
  a?: number;
  /** @default 2 */
  b?: number;
  /** @default 0 */
  bias?: number;
  /**
   * `'absolute'` bounds (MMEngine, torch) or bounds in `'std'` units (TensorFlow, JAX).
   * @default "absolute"
   */
  boundsIn?: TruncNormalBounds;
}

/**
 * Fills `target.weight` from N(mean, std²) truncated to [a, b] and `target.bias` with `bias`
 * (MMEngine's `trunc_normal_init(module, mean=0, std=1, a=-2, b=2, bias=0)`; bounds absolute unless
 * `boundsIn: 'std'`). A mean more than 2 std outside [a, b] triggers torch's warning.
 * @example
 * await truncNormalInit(linear, { std: 0.02 }); // ±2 absolute: effectively untruncated
 * await truncNormalInit(linear, { std: 0.02, boundsIn: "std" }); // cut at ±0.04
 */
export async function truncNormalInit(target: InitTarget, options?: TruncNormalInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("truncNormalInit", options);
  await applyInitFunction("truncNormalInit", new TruncNormalInit(args), target, onWarning);
}
