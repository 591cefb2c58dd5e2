import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { computeFans } from "../math/compute-fans";
import type { ParamLike } from "../param-like";

/** The two distributions of Xavier and Kaiming. */
export const DISTRIBUTIONS = ["normal", "uniform"] as const;

/** `'normal'` or `'uniform'`. */
export type Distribution = (typeof DISTRIBUTIONS)[number];

/**
 * The rule `torch.nn.init.xavier_normal_` / `xavier_uniform_` would apply to `weight`:
 * `std = gain·√(2 / (fanIn + fanOut))`, normal N(0, std²) or uniform U(−√3·std, √3·std).
 * Fans follow the weight's layout ({@link computeFans}); rank < 2 fails with torch's message.
 * @example
 * xavierRule({ shape: [300, 400] }, 1, "uniform"); // { kind: "uniform", low: -0.0925..., high: 0.0925... }
 */
export function xavierRule(weight: ParamLike, gain: number, distribution: Distribution): FillRule {
  const { fanIn, fanOut } = computeFans(weight);
  if (fanIn + fanOut === 0) {
    // torch: math.sqrt(2.0 / float(fan_in + fan_out)) raises ZeroDivisionError.
    throw new InitlibError("INITLIB_BAD_SHAPE", "float division by zero: Xavier needs fan_in + fan_out > 0", {
      received: [...weight.shape],
      expected: "a weight with at least one input or output feature",
    });
  }
  // torch.nn.init.xavier_normal_: std = gain * sqrt(2 / (fan_in + fan_out)); uniform bound = sqrt(3) * std.
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  if (distribution === "uniform") {
    const bound = Math.sqrt(3.0) * std;
    return { kind: "uniform", low: -bound, high: bound };
  }
  return { kind: "normal", mean: 0, std };
}
