import { KaimingInit, type KaimingInitArgs } from "../initializers/kaiming-init";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptions, splitFunctionOptions } from "./apply-init-function";

/** Options of {@link kaimingInit}. */
export interface KaimingInitOptions extends InitFunctionOptions {
  /** @default 0 */
  a?: number;
  /** @default "fan_out" */
  mode?: KaimingInitArgs["mode"];
  /** @default "relu" */
  nonlinearity?: KaimingInitArgs["nonlinearity"];
  /** @default 0 */
  bias?: number;
  /** @default "normal" */
  distribution?: KaimingInitArgs["distribution"];
}

/**
 * Kaiming-initializes `target.weight` and fills `target.bias` with `bias`, with MMEngine's defaults
 * (`kaiming_init(module, a=0, mode='fan_out', nonlinearity='relu', bias=0, distribution='normal')`,
 * not torch's). Rank < 2 fails before anything is written; a weight without elements is left
 * untouched with torch's warning.
 * @example
 * await kaimingInit(conv, { mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1, distribution: "uniform" });
 */
export async function kaimingInit(target: InitTarget, options?: KaimingInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("kaimingInit", options);
  await applyInitFunction("kaimingInit", new KaimingInit(args), target, onWarning);
}
