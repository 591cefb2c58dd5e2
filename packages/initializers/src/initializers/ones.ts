import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs, BaseInit } from "./base-init";

/** The declaration of {@link OnesInit}'s arguments: only the common ones. */
export const ONES_ARGUMENTS = BASE_INIT_ARGUMENTS;

/** Arguments of {@link OnesInit}. */
export type OnesInitArgs = BaseInitArgs;

/**
 * Fills matched weights with 1 (PyTorch's `ones_`, Keras' `Ones`; registered as `Ones`) and
 * biases with `bias`. Info: `OnesInit: bias=0`.
 * @example
 * new OnesInit({ layer: "Linear" });
 */
export class OnesInit extends BaseInit {
  static override readonly initializerName: string = "OnesInit";
  static override readonly argumentSchema = ONES_ARGUMENTS;

  override get info(): string {
    return `${this.initializerName}: bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "constant", value: 1 };
  }
}

/** Options of {@link onesInit}: `bias` and `onWarning`. */
export type OnesInitOptions = InitFunctionOptionsOf<OnesInitArgs>;

/**
 * Fills `target.weight` with 1 and `target.bias` with `bias`.
 * @example
 * await onesInit(linear);
 */
export async function onesInit(target: InitTarget, options?: OnesInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("onesInit", options);
  await applyInitFunction("onesInit", new OnesInit(args), target, onWarning);
}
