import { XavierInit } from "../initializers/xavier-init";
import type { InitTarget } from "../module-like";
import type { Distribution } from "../rules/xavier-rule";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link xavierInit}. */
export interface XavierInitOptions extends InitFunctionOptions {
  /** @default 1 */
  gain?: number;
  /** @default 0 */
  bias?: number;
  /** @default "normal" */
  distribution?: Distribution;
}

/**
 * Xavier-initializes `target.weight` (`std = gain·√(2 / (fanIn + fanOut))`) and fills `target.bias`
 * with `bias` (MMEngine's `xavier_init(module, gain=1, bias=0, distribution='normal')`). A weight of
 * rank < 2 fails with torch's message before anything is written.
 * @example
 * await xavierInit(linear, { distribution: "uniform" });
 */
export async function xavierInit(target: InitTarget, options?: XavierInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("xavierInit", options);
  await applyInitFunction("xavierInit", new XavierInit(args), target, onWarning);
}
