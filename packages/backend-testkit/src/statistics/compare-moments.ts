import type { SampleMoments } from "@initlib/initializers/testing";

/**
 * Whether the sample's mean and variance agree with the expected ones within `zLimit` standard
 * errors: SE(mean) = σ/√n, SE(s²) ≈ √((m₄ − s⁴)/n) from the sample's own fourth moment.
 * Returns a description of the first disagreement, or `undefined` when both agree.
 * @default zLimit 5
 * @example
 * const problem = compareMoments(sampleMoments(values), { mean: 0, variance: 1 });
 */
export function compareMoments(
  moments: SampleMoments,
  expected: { readonly mean: number; readonly variance: number },
  zLimit = 5,
): string | undefined {
  const meanError = Math.sqrt(expected.variance / moments.count);
  const meanZ = meanError === 0 ? (moments.mean === expected.mean ? 0 : Infinity) : (moments.mean - expected.mean) / meanError;
  if (!(Math.abs(meanZ) <= zLimit)) {
    return `mean ${moments.mean} is ${meanZ.toFixed(2)} standard errors from the expected ${expected.mean}`;
  }
  const varianceError = Math.sqrt(Math.max(moments.fourthCentralMoment - moments.variance ** 2, 0) / moments.count);
  const varianceZ =
    varianceError === 0
      ? moments.variance === expected.variance ? 0 : Infinity
      : (moments.variance - expected.variance) / varianceError;
  if (!(Math.abs(varianceZ) <= zLimit)) {
    return `variance ${moments.variance} is ${varianceZ.toFixed(2)} standard errors from the expected ${expected.variance}`;
  }
  return undefined;
}
