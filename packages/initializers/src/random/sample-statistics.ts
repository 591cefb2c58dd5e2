// Statistics the generator's tests use: moments, the Kolmogorov–Smirnov statistic against an exact
// CDF, and the moments of a truncated normal. Kept out of the public entry.

/** Mean, variance, skewness and excess kurtosis of a sample (two-pass, float64). */
export interface SampleMoments {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
  readonly skewness: number;
  readonly excessKurtosis: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Moments of `values` in float64.
 * @example
 * sampleMoments(Float32Array.of(1, 2, 3)).mean; // 2
 */
export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  const count = values.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / count;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < count; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= count;
  m3 /= count;
  m4 /= count;
  return { count, mean, variance: m2, skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3, min, max };
}

/**
 * The Kolmogorov–Smirnov statistic sup |F_n(x) − F(x)| of a sample against the exact CDF `cdf`.
 * @example
 * kolmogorovSmirnovStatistic(values, (x) => x); // against U(0, 1)
 */
export function kolmogorovSmirnovStatistic(values: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const count = sorted.length;
  let statistic = 0;
  for (let i = 0; i < count; i++) {
    const expected = cdf(sorted[i]!);
    statistic = Math.max(statistic, (i + 1) / count - expected, expected - i / count);
  }
  return statistic;
}

/**
 * The 1% critical value of the one-sample KS statistic for `count` samples (asymptotic, 1.628/√n).
 * @example
 * kolmogorovSmirnovCritical1Percent(1_000_000); // 0.001628
 */
export function kolmogorovSmirnovCritical1Percent(count: number): number {
  return 1.6276 / Math.sqrt(count);
}

/**
 * Mean and standard deviation of N(mean, std²) truncated to [low, high], given the standard normal
 * mass `mass` = Z = Φ(β) − Φ(α) of the window: mean + std·(φ(α) − φ(β))/Z and
 * std·√(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²).
 * @example
 * truncatedNormalMoments(0, 1, -2, 2, standardNormalIntervalProbability(-2, 2)).std; // 0.8796
 */
export function truncatedNormalMoments(
  mean: number,
  std: number,
  low: number,
  high: number,
  mass: number,
): { readonly mean: number; readonly std: number } {
  const alpha = (low - mean) / std;
  const beta = (high - mean) / std;
  const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const shift = (density(alpha) - density(beta)) / mass;
  const spread = 1 + (alpha * density(alpha) - beta * density(beta)) / mass - shift * shift;
  return { mean: mean + std * shift, std: std * Math.sqrt(spread) };
}
