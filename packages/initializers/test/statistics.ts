/**
 * Statistics for the tests. The normal CDF is written independently of the generator under test
 * (its own normal CDF and quantile are not reused here, so a bug there cannot hide itself); moments
 * and the Kolmogorov–Smirnov statistic are the package's own, which use no CDF.
 */
import { sampleMoments } from "../src/statistics/sample-moments";
import { truncatedNormalMoments as sharedTruncatedNormalMoments } from "../src/statistics/truncated-normal-moments";

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

/** CDF of N(mean, std²) truncated to [low, high]. */
export function truncatedNormalCdf(mean: number, std: number, low: number, high: number): (x: number) => number {
  const lower = normalCdf(low, mean, std);
  const mass = normalCdf(high, mean, std) - lower;
  return (x) => (x <= low ? 0 : x >= high ? 1 : (normalCdf(x, mean, std) - lower) / mass);
}

/** Mean and standard deviation of N(mean, std²) truncated to [low, high], the mass from {@link normalCdf}. */
export function truncatedNormalMoments(mean: number, std: number, low: number, high: number): { mean: number; std: number } {
  return sharedTruncatedNormalMoments(mean, std, low, high, normalCdf(high, mean, std) - normalCdf(low, mean, std));
}

/** CDF of U(low, high). */
export function uniformCdf(low: number, high: number): (x: number) => number {
  return (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low));
}

/** Mean, population std, min and max of `values`. */
export function moments(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  const { count, mean, variance, min, max } = sampleMoments(values);
  return { mean, std: Math.sqrt((variance * (count - 1)) / count), min, max };
}
