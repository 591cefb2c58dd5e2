import type { FillRule } from "../fill-rule";
import { truncNormalBoundsFromStdUnits } from "../random/trunc-normal-bounds";

/**
 * How the bounds `a`, `b` of a truncated normal are read: `'absolute'` values (MMEngine's, torch's
 * and timm's `trunc_normal_`: the defaults ±2 cut a N(0, 0.02²) nowhere) or `'std'` units around the
 * mean (TensorFlow's, JAX's and timm's `trunc_normal_tf_`: ±2 cuts at mean ± 2·std). Never inferred.
 */
export const TRUNC_NORMAL_BOUNDS = ["absolute", "std"] as const;

/** `'absolute'` (MMEngine) or `'std'` (TensorFlow/JAX). */
export type TruncNormalBounds = (typeof TRUNC_NORMAL_BOUNDS)[number];

/** Torch's `UserWarning` when the mean lies more than 2 std outside [a, b]. */
export const TRUNC_NORMAL_FAR_MEAN_WARNING =
  "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.";

/** A truncated-normal rule and the warning torch would emit for it, if any. */
export interface TruncNormalPlan {
  readonly rule: Extract<FillRule, { kind: "truncNormal" }>;
  readonly warning: string | undefined;
}

/**
 * The rule of MMEngine's `trunc_normal_(mean, std, a, b)`, with the bounds read in the given
 * convention and stored absolute (as {@link FillRule} requires): `'std'` bounds become
 * `mean + a·std`, `mean + b·std`. The warning is torch's, checked on the absolute bounds.
 * @default boundsIn "absolute"
 * @example
 * truncNormalRule({ mean: 0, std: 0.02, a: -2, b: 2, boundsIn: "std" }).rule; // low -0.04, high 0.04
 */
export function truncNormalRule(options: {
  readonly mean: number;
  readonly std: number;
  readonly a: number;
  readonly b: number;
  readonly boundsIn?: TruncNormalBounds;
}): TruncNormalPlan {
  const { mean, std } = options;
  const { low, high } =
    options.boundsIn === "std"
      ? truncNormalBoundsFromStdUnits({ mean, std, a: options.a, b: options.b })
      : { low: options.a, high: options.b };
  const far = mean < low - 2 * std || mean > high + 2 * std;
  return { rule: { kind: "truncNormal", mean, std, low, high }, warning: far ? TRUNC_NORMAL_FAR_MEAN_WARNING : undefined };
}
