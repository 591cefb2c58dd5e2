import { NormalInit } from "../initializers/normal-init";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link normalInit}. */
export interface NormalInitOptions extends InitFunctionOptions {
  /** @default 0 */
  mean?: number;
  /** @default 1 */
  std?: number;
  /** @default 0 */
  bias?: number;
}

/**
 * Fills `target.weight` from N(mean, std²) and `target.bias` with `bias` (MMEngine's
 * `normal_init(module, mean=0, std=1, bias=0)`).
 * @example
 * await normalInit(head, { std: 0.01 });
 */
export async function normalInit(target: InitTarget, options?: NormalInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("normalInit", options);
  await applyInitFunction("normalInit", new NormalInit(args), target, onWarning);
}
