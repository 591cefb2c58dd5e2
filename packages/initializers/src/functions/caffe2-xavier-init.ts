import { Caffe2XavierInit } from "../initializers/caffe2-xavier-init";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link caffe2XavierInit}. */
export interface Caffe2XavierInitOptions extends InitFunctionOptions {
  /** @default 0 */
  bias?: number;
}

/**
 * Caffe2's Xavier: Kaiming uniform with `a=1, mode='fan_in', nonlinearity='leaky_relu'`, i.e.
 * U(−√(3/fanIn), √(3/fanIn)) on `target.weight`, `bias` on `target.bias` (MMEngine's
 * `caffe2_xavier_init(module, bias=0)`).
 * @example
 * await caffe2XavierInit(conv);
 */
export async function caffe2XavierInit(target: InitTarget, options?: Caffe2XavierInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("caffe2XavierInit", options);
  await applyInitFunction("caffe2XavierInit", new Caffe2XavierInit(args), target, onWarning);
}
