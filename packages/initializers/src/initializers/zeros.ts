import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs, BaseInit } from "./base-init";

/** The declaration of {@link ZerosInit}'s arguments: only the common ones. */
export const ZEROS_ARGUMENTS = BASE_INIT_ARGUMENTS;

/** Arguments of {@link ZerosInit}. */
export type ZerosInitArgs = BaseInitArgs;

/**
 * Fills matched weights with 0 (PyTorch's `zeros_`, Keras' `Zeros`; registered as `Zeros`) and
 * biases with `bias`. Info: `ZerosInit: bias=0`.
 * @example
 * new ZerosInit({ layer: "Linear" });
 */
export class ZerosInit extends BaseInit {
  static override readonly initializerName: string = "ZerosInit";
  static override readonly argumentSchema = ZEROS_ARGUMENTS;

  override get info(): string {
    return `${this.initializerName}: bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "constant", value: 0 };
  }
}

/** Options of {@link zerosInit}: `bias` and `onWarning`. */
export type ZerosInitOptions = InitFunctionOptionsOf<ZerosInitArgs>;

/**
 * Fills `target.weight` with 0 and `target.bias` with `bias`.
 * @example
 * await zerosInit(linear);
 */
export async function zerosInit(target: InitTarget, options?: ZerosInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("zerosInit", options);
  await applyInitFunction("zerosInit", new ZerosInit(args), target, onWarning);
}
