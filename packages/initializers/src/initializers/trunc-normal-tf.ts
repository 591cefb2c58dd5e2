import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { truncNormalRule } from "../rules/trunc-normal-rule";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link TruncNormalTfInit}'s arguments (`{ type: 'TruncNormalTf', ... }`). */
export const TRUNC_NORMAL_TF_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  mean: { kind: "number", float32: true, default: 0, description: "mean, added after scaling" },
  std: { kind: "number", float32: true, exclusiveMinimum: 0, default: 1, description: "scale applied to the truncated standard normal, > 0" },
  a: { kind: "number", float32: true, default: -2, description: "lower cut, in standard units" },
  b: { kind: "number", float32: true, default: 2, description: "upper cut, in standard units, >= a" },
});

/** Arguments of {@link TruncNormalTfInit}, inferred from {@link TRUNC_NORMAL_TF_ARGUMENTS}. */
export type TruncNormalTfInitArgs = ArgumentsFromSchema<typeof TRUNC_NORMAL_TF_ARGUMENTS>;

/**
 * timm's `trunc_normal_tf_(tensor, mean, std, a, b)` (registered as `TruncNormalTf`): a standard
 * normal truncated to [a, b] in standard units, then scaled by `std` and shifted by `mean`, so the
 * values lie in [mean + a·std, mean + b·std] (TensorFlow's convention; MMEngine's `TruncNormal`
 * reads a, b as absolute values unless `boundsIn: 'std'`).
 * Info: `TruncNormalTfInit: mean=0, std=1, a=-2, b=2, bias=0`.
 * @example
 * new TruncNormalTfInit({ std: 0.02, layer: "Linear" }); // cut at ±0.04
 */
export class TruncNormalTfInit extends BaseInit {
  static override readonly initializerName: string = "TruncNormalTfInit";
  static override readonly argumentSchema = TRUNC_NORMAL_TF_ARGUMENTS;

  readonly mean: number;
  readonly std: number;
  readonly a: number;
  readonly b: number;

  constructor(args: TruncNormalTfInitArgs = {}) {
    super(args);
    const { mean, std, a, b } = this.arguments(TRUNC_NORMAL_TF_ARGUMENTS);
    this.requireOrdered("a", a, "b", b);
    this.mean = mean;
    this.std = std;
    this.a = a;
    this.b = b;
  }

  override get info(): string {
    return (
      `${this.initializerName}: mean=${formatPythonValue(this.mean)}, std=${formatPythonValue(this.std)}, ` +
      `a=${formatPythonValue(this.a)}, b=${formatPythonValue(this.b)}, bias=${formatPythonValue(this.bias)}`
    );
  }

  weightRule(): FillRule {
    return truncNormalRule({ mean: this.mean, std: this.std, a: this.a, b: this.b, boundsIn: "std" }).rule;
  }
}

/** Options of {@link truncNormalTfInit}: `mean`, `std`, `a`, `b`, `bias` and `onWarning`. */
export type TruncNormalTfInitOptions = InitFunctionOptionsOf<TruncNormalTfInitArgs>;

/**
 * Fills `target.weight` as timm's `trunc_normal_tf_` does and `target.bias` with `bias`.
 * @example
 * await truncNormalTfInit(linear, { std: 0.02 });
 */
export async function truncNormalTfInit(target: InitTarget, options?: TruncNormalTfInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("truncNormalTfInit", options);
  await applyInitFunction("truncNormalTfInit", new TruncNormalTfInit(args), target, onWarning);
}
