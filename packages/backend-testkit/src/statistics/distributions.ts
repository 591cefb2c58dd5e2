import { type FillRule } from "@initlib/initializers";
import { standardNormalCdf } from "@initlib/initializers/internal";
import { truncatedNormalMoments } from "@initlib/initializers/testing";

/** A random rule of a {@link FillRule}: the ones a backend may sample on the device. */
export type RandomRule = Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>;

/** The exact distribution a random rule describes: its CDF, mean, variance and support. */
export interface RuleDistribution {
  cdf(x: number): number;
  readonly mean: number;
  readonly variance: number;
  /** Closed support, float32-rounded where the generator rounds (uniform and truncated bounds). */
  readonly low: number;
  readonly high: number;
}

/**
 * The distribution initlib's generator draws from for `rule` (docs/rng.md).
 * The normal's support is ±5.9 std, the largest |z| the Box–Muller transform of 24-bit uniforms can give.
 * @example
 * distributionOf({ kind: "uniform", low: -1, high: 1 }).variance; // 1/3
 */
export function distributionOf(rule: RandomRule): RuleDistribution {
  switch (rule.kind) {
    case "uniform": {
      const low = Math.fround(rule.low);
      const high = Math.fround(rule.high);
      const width = high - low;
      return {
        cdf: (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / width),
        mean: (low + high) / 2,
        variance: (width * width) / 12,
        low,
        high,
      };
    }
    case "normal": {
      const { mean, std } = rule;
      return {
        cdf: (x) => standardNormalCdf((x - mean) / std),
        mean,
        variance: std * std,
        low: mean - 5.9 * std,
        high: mean + 5.9 * std,
      };
    }
    case "truncNormal": {
      const { mean, std } = rule;
      const alpha = (rule.low - mean) / std;
      const beta = (rule.high - mean) / std;
      const lowerMass = standardNormalCdf(alpha);
      const mass = standardNormalCdf(beta) - lowerMass;
      const moments = truncatedNormalMoments(mean, std, rule.low, rule.high, mass);
      return {
        cdf: (x) => {
          if (x <= rule.low) return 0;
          if (x >= rule.high) return 1;
          return (standardNormalCdf((x - mean) / std) - lowerMass) / mass;
        },
        mean: moments.mean,
        variance: moments.std * moments.std,
        low: Math.fround(rule.low),
        high: Math.fround(rule.high),
      };
    }
  }
}
