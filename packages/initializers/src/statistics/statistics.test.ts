import { describe, expect, it } from "vitest";
import { standardNormalDensity, standardNormalIntervalProbability } from "../random/standard-normal";
import { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic, kolmogorovSmirnovTest } from "./kolmogorov-smirnov";
import { sampleMoments } from "./sample-moments";
import { truncatedNormalMoments } from "./truncated-normal-moments";

describe("sampleMoments", () => {
  it("gives the unbiased variance and the biased higher moments", () => {
    const moments = sampleMoments(Float32Array.of(1, 2, 3, 10));
    expect(moments).toMatchObject({ count: 4, mean: 4, min: 1, max: 10 });
    // Deviations −3, −2, −1, 6: Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
    expect(moments.variance).toBeCloseTo(50 / 3, 12);
    expect(moments.fourthCentralMoment).toBeCloseTo(1394 / 4, 12);
    expect(moments.skewness).toBeCloseTo(45 / 12.5 ** 1.5, 12);
    expect(moments.excessKurtosis).toBeCloseTo(348.5 / 156.25 - 3, 12);
  });
});

describe("Kolmogorov–Smirnov", () => {
  const n = 1000;
  const quantiles = Float64Array.from({ length: n }, (_, index) => (index + 0.5) / n);

  it("measures D = 1/(2n) for perfectly spread samples and 0.1 for samples shifted by 0.1", () => {
    expect(kolmogorovSmirnovStatistic(quantiles, (x) => x)).toBeCloseTo(0.5 / n, 12);
    expect(kolmogorovSmirnovStatistic(quantiles.map((x) => x + 0.1), (x) => Math.min(x, 1))).toBeCloseTo(0.1 + 0.5 / n, 12);
  });

  it("uses the asymptotic critical values and refuses an empty sample", () => {
    expect(kolmogorovSmirnovCritical(10_000)).toBeCloseTo(0.019495, 12);
    expect(kolmogorovSmirnovCritical(10_000, 0.01)).toBeCloseTo(0.016276, 12);
    expect(kolmogorovSmirnovTest(quantiles, (x) => x, 0.05).passed).toBe(true);
    expect(() => kolmogorovSmirnovTest([], (x) => x)).toThrow(RangeError);
  });
});

describe("truncatedNormalMoments", () => {
  it("matches the closed form of N(0, 1) on [−2, 2] and shifts with the window", () => {
    const symmetric = truncatedNormalMoments(0, 1, -2, 2, standardNormalIntervalProbability(-2, 2));
    expect(symmetric.mean).toBeCloseTo(0, 15);
    expect(symmetric.std).toBeCloseTo(0.87962566, 7);
    const oneSided = truncatedNormalMoments(1, 2, 1, 81, 0.5);
    // Half-normal (β = 40, where φ is 0): mean + std·φ(0)/0.5 and std·√(1 − 2/π).
    expect(oneSided.mean).toBeCloseTo(1 + (2 * standardNormalDensity(0)) / 0.5, 12);
    expect(oneSided.std).toBeCloseTo(2 * Math.sqrt(1 - 2 / Math.PI), 12);
  });
});
