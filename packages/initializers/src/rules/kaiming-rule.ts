import type { FillRule } from "../fill-rule";
import { calculateGain } from "../math/calculate-gain";
import { computeFans } from "../math/compute-fans";
import type { ParamLike } from "../param-like";
import type { Distribution } from "./xavier-rule";

/** Kaiming's `mode`: which fan normalises the variance. */
export const KAIMING_MODES = ["fan_in", "fan_out"] as const;

/** `'fan_in'` or `'fan_out'` (torch lower-cases the mode, so `'FAN_IN'` is accepted too). */
export type KaimingMode = (typeof KAIMING_MODES)[number];

/** Torch's warning for Kaiming on a tensor without elements, which it leaves untouched. */
export const ZERO_ELEMENT_WARNING = "Initializing zero-element tensors is a no-op";

/** Kaiming's arguments, already validated. */
export interface KaimingRuleOptions {
  /** Negative slope passed to {@link calculateGain} as its `param`. */
  readonly a: number;
  /** `fan_in` or `fan_out`, any case. */
  readonly mode: string;
  readonly nonlinearity: string;
  readonly distribution: Distribution;
}

/**
 * The rule `torch.nn.init.kaiming_normal_` / `kaiming_uniform_` would apply to `weight`:
 * `std = calculateGain(nonlinearity, a) / √fan`, normal N(0, std²) or uniform U(−√3·std, √3·std).
 * Returns `null` for a weight without elements, which torch leaves unchanged with the warning
 * {@link ZERO_ELEMENT_WARNING}. Rank < 2 fails with torch's message.
 * @example
 * kaimingRule({ shape: [64, 32, 3, 3] }, { a: 0, mode: "fan_out", nonlinearity: "relu", distribution: "normal" });
 * // { kind: "normal", mean: 0, std: 0.0589... }
 */
export function kaimingRule(weight: ParamLike, options: KaimingRuleOptions): FillRule | null {
  if (weight.shape.includes(0)) return null;
  const { fanIn, fanOut } = computeFans(weight);
  const fan = options.mode.toLowerCase() === "fan_in" ? fanIn : fanOut;
  // torch.nn.init.kaiming_normal_: std = gain / sqrt(fan); kaiming_uniform_: bound = sqrt(3) * std.
  const gain = calculateGain(options.nonlinearity, options.a);
  const std = gain / Math.sqrt(fan);
  if (options.distribution === "uniform") {
    const bound = Math.sqrt(3.0) * std;
    return { kind: "uniform", low: -bound, high: bound };
  }
  return { kind: "normal", mean: 0, std };
}
