/**
 * Statistics for the tests, written independently of the generator under test (its own normal CDF
 * and quantile are not reused here, so a bug there cannot hide itself).
 */

/** erfc with fractional error < 1.2e-7 everywhere (Numerical Recipes, 3rd ed., §6.2, Chebyshev fit). */
export function referenceErfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const ans =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? ans : 2 - ans;
}

/** CDF of N(mean, std²). */
export function normalCdf(x: number, mean = 0, std = 1): number {
  return 0.5 * referenceErfc(-(x - mean) / (std * Math.SQRT2));
}

/** Density of N(0, 1). */
export function standardNormalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** CDF of N(mean, std²) truncated to [low, high]. */
export function truncatedNormalCdf(mean: number, std: number, low: number, high: number): (x: number) => number {
  const lower = normalCdf(low, mean, std);
  const mass = normalCdf(high, mean, std) - lower;
  return (x) => (x <= low ? 0 : x >= high ? 1 : (normalCdf(x, mean, std) - lower) / mass);
}

/** Mean and standard deviation of N(mean, std²) truncated to [low, high] (closed form). */
export function truncatedNormalMoments(mean: number, std: number, low: number, high: number): { mean: number; std: number } {
  const alpha = (low - mean) / std;
  const beta = (high - mean) / std;
  const mass = normalCdf(beta) - normalCdf(alpha);
  const densityAlpha = standardNormalDensity(alpha);
  const densityBeta = standardNormalDensity(beta);
  const shift = (densityAlpha - densityBeta) / mass;
  const variance = 1 + (alpha * densityAlpha - beta * densityBeta) / mass - shift * shift;
  return { mean: mean + std * shift, std: std * Math.sqrt(variance) };
}

/** CDF of U(low, high). */
export function uniformCdf(low: number, high: number): (x: number) => number {
  return (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low));
}

/** Mean, population std, min and max of `values`. */
export function moments(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let index = 0; index < values.length; index += 1) squares += (values[index]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max };
}

/** Kolmogorov–Smirnov statistic D of `values` against `cdf`. */
export function kolmogorovSmirnov(values: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  let statistic = 0;
  for (let index = 0; index < n; index += 1) {
    const expected = cdf(sorted[index]!);
    statistic = Math.max(statistic, (index + 1) / n - expected, expected - index / n);
  }
  return statistic;
}

/** KS critical value at significance 0.001 for `n` samples (asymptotic: 1.949 / √n). */
export function ksCritical(n: number): number {
  return 1.949 / Math.sqrt(n);
}
