import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import { TRUNC_NORMAL_BOUNDS, truncNormalRule, type TruncNormalBounds } from "../rules/trunc-normal-rule";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link TruncNormalInit} (`{ type: 'TruncNormal', ... }`). */
export interface TruncNormalInitArgs extends BaseInitArgs {
  /** @default 0 */
  mean?: number;
  /**
   * Standard deviation of the normal before truncation, > 0.
   * @default 1
   */
  std?: number;
  /** Lower bound, read as `boundsIn` says. @default -2 */
  a?: number;
  /** Upper bound, ≥ `a`, read as `boundsIn` says. @default 2 */
  b?: number;
  /**
   * `'absolute'`: `a`, `b` are values (MMEngine, torch, timm `trunc_normal_`); `'std'`: they are
   * multiples of `std` around `mean` (TensorFlow, JAX, timm `trunc_normal_tf_`). Never inferred.
   * @default "absolute"
   */
  boundsIn?: TruncNormalBounds;
}

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
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "mean", "std", "a", "b", "boundsIn"];

  readonly mean: number;
  readonly std: number;
  readonly a: number;
  readonly b: number;
  readonly boundsIn: TruncNormalBounds;

  constructor(args: TruncNormalInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.mean = reader.number("mean", { default: 0 });
    this.std = reader.number("std", { default: 1, exclusiveMin: 0 });
    this.a = reader.number("a", { default: -2 });
    this.b = reader.number("b", { default: 2 });
    this.boundsIn = reader.choice("boundsIn", TRUNC_NORMAL_BOUNDS, { default: "absolute" }) as TruncNormalBounds;
    reader.requireOrdered("a", this.a, "b", this.b);
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
