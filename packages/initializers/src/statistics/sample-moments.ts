/** Moments of a sample, in float64 (see {@link sampleMoments}). */
export interface SampleMoments {
  readonly count: number;
  readonly mean: number;
  /** Unbiased sample variance, Σ(x − x̄)² / (n − 1). */
  readonly variance: number;
  /** Fourth central moment (biased, Σ(x − x̄)⁴ / n), for the standard error of the variance. */
  readonly fourthCentralMoment: number;
  /** m₃ / m₂^1.5 with the biased central moments. */
  readonly skewness: number;
  /** m₄ / m₂² − 3 with the biased central moments. */
  readonly excessKurtosis: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Mean, variance, skewness, excess kurtosis, fourth central moment, min and max of `values` in
 * float64, in two passes (the deviations are taken from the exact mean, so nothing cancels).
 * @example
 * const { mean, variance } = sampleMoments(Float32Array.of(1, 2, 3)); // 2, 1
 */
export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  const count = values.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const value = values[index]!;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / count;
  let second = 0;
  let third = 0;
  let fourth = 0;
  for (let index = 0; index < count; index += 1) {
    const deviation = values[index]! - mean;
    const square = deviation * deviation;
    second += square;
    third += square * deviation;
    fourth += square * square;
  }
  const m2 = second / count;
  const m3 = third / count;
  const m4 = fourth / count;
  return {
    count,
    mean,
    variance: second / (count - 1),
    fourthCentralMoment: m4,
    skewness: m3 / m2 ** 1.5,
    excessKurtosis: m4 / (m2 * m2) - 3,
    min,
    max,
  };
}
