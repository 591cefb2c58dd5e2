import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link ConstantInit}'s arguments (`{ type: 'Constant', val, ... }`). */
export const CONSTANT_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  val: { kind: "number", float32: true, required: true, description: "the value every matched weight is filled with" },
});

/** Arguments of {@link ConstantInit}, inferred from {@link CONSTANT_ARGUMENTS}. */
export type ConstantInitArgs = ArgumentsFromSchema<typeof CONSTANT_ARGUMENTS>;

/**
 * Fills matched weights with `val` and biases with `bias` (MMEngine's `ConstantInit`, registered as
 * `Constant`). Info: `ConstantInit: val=1, bias=0`.
 * @example
 * new ConstantInit({ val: 1, bias: 0, layer: ["_BatchNorm", "GroupNorm"] });
 */
export class ConstantInit extends BaseInit {
  static override readonly initializerName: string = "ConstantInit";
  static override readonly argumentSchema = CONSTANT_ARGUMENTS;

  readonly val: number;

  constructor(args: ConstantInitArgs) {
    super(args);
    this.val = this.arguments(CONSTANT_ARGUMENTS).val;
  }

  override get info(): string {
    return `${this.initializerName}: val=${formatPythonValue(this.val)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "constant", value: this.val };
  }
}

/** Options of {@link constantInit}: `bias` and `onWarning` (`val` is the second parameter). */
export type ConstantInitOptions = Omit<InitFunctionOptionsOf<ConstantInitArgs>, "val">;

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
