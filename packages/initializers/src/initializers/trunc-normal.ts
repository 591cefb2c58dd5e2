import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { TRUNC_NORMAL_BOUNDS, truncNormalRule, type TruncNormalBounds } from "../rules/trunc-normal-rule";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link TruncNormalInit}'s arguments (`{ type: 'TruncNormal', ... }`). */
export const TRUNC_NORMAL_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  mean: { kind: "number", float32: true, default: 0, description: "mean of the normal before truncation" },
  std: { kind: "number", float32: true, exclusiveMinimum: 0, default: 1, description: "standard deviation of the normal before truncation, > 0" },
  a: { kind: "number", float32: true, default: -2, description: "lower bound, read as boundsIn says" },
  b: { kind: "number", float32: true, default: 2, description: "upper bound, >= a, read as boundsIn says" },
  boundsIn: {
    kind: "enum",
    values: TRUNC_NORMAL_BOUNDS,
    default: "absolute",
    description:
      "'absolute': a and b are values (MMEngine, torch, timm trunc_normal_); 'std': multiples of std around mean (TensorFlow, JAX, timm trunc_normal_tf_)",
  },
});

/** Arguments of {@link TruncNormalInit}, inferred from {@link TRUNC_NORMAL_ARGUMENTS}. */
export type TruncNormalInitArgs = ArgumentsFromSchema<typeof TRUNC_NORMAL_ARGUMENTS>;

/**
 * Fills matched weights from a normal N(mean, std²) truncated to [a, b] (MMEngine's
 * `TruncNormalInit`, registered as `TruncNormal`). With MMEngine's default absolute bounds ±2 a
 * `std: 0.02` is effectively not truncated; pass `boundsIn: 'std'` for the ±2σ of TensorFlow/JAX.
 * A mean more than 2 std outside [a, b] gives torch's warning in the plan's logs.
 * Info: `TruncNormalInit: a=-2, b=2, mean=0, std=1, bias=0` (plus `, boundsIn=std` in std units).
 * @example
 * new TruncNormalInit({ std: 0.02, a: -2, b: 2, boundsIn: "std", layer: "Linear" });
 */
export class TruncNormalInit extends BaseInit {
  static override readonly initializerName: string = "TruncNormalInit";
  static override readonly argumentSchema = TRUNC_NORMAL_ARGUMENTS;

  readonly mean: number;
  readonly std: number;
  readonly a: number;
  readonly b: number;
  readonly boundsIn: TruncNormalBounds;

  constructor(args: TruncNormalInitArgs = {}) {
    super(args);
    const { mean, std, a, b, boundsIn } = this.arguments(TRUNC_NORMAL_ARGUMENTS);
    this.requireOrdered("a", a, "b", b);
    this.mean = mean;
    this.std = std;
    this.a = a;
    this.b = b;
    this.boundsIn = boundsIn;
  }

  override get info(): string {
    const units = this.boundsIn === "std" ? ", boundsIn=std" : "";
    return (
      `${this.initializerName}: a=${formatPythonValue(this.a)}, b=${formatPythonValue(this.b)}, ` +
      `mean=${formatPythonValue(this.mean)}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}${units}`
    );
  }

  weightRule(_weight: unknown, warn: (message: string) => void): FillRule {
    const { rule, warning } = truncNormalRule(this);
    if (warning) warn(warning);
    return rule;
  }
}

/** Options of {@link truncNormalInit}: `mean`, `std`, `a`, `b`, `boundsIn`, `bias` and `onWarning`. */
export type TruncNormalInitOptions = InitFunctionOptionsOf<TruncNormalInitArgs>;

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
