import { describe, expect, it } from "vitest";
import { compareMoments, distributionOf, kolmogorovSmirnovTest, sampleMoments, standardNormalCdf } from "../src/index";

describe("standardNormalCdf", () => {
  it("matches reference values of Φ to 1e-15", () => {
    // Published values of Φ(x) = erfc(−x/√2)/2; 1.959963984540054 is the 97.5% quantile.
    const cases: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1.959963984540054, 0.025],
      [3, 0.9986501019683699],
      [-5, 2.866515718791939e-7],
      [-8, 6.220960574271785e-16],
    ];
    for (const [x, expected] of cases) expect(Math.abs(standardNormalCdf(x) - expected)).toBeLessThan(1e-15);
    expect(standardNormalCdf(-40)).toBe(0);
    expect(standardNormalCdf(40)).toBe(1);
  });
});

describe("kolmogorovSmirnovTest", () => {
  const n = 10_000;
  const quantiles = Float64Array.from({ length: n }, (_, index) => (index + 0.5) / n);

  it("passes perfectly spread samples, with D = 1/(2n)", () => {
    const result = kolmogorovSmirnovTest(quantiles, (x) => x);
    expect(result.statistic).toBeCloseTo(0.5 / n, 12);
    expect(result.passed).toBe(true);
  });

  it("fails samples shifted by 3% of the range", () => {
    const shifted = quantiles.map((value) => Math.min(value + 0.03, 1));
    const result = kolmogorovSmirnovTest(shifted, (x) => Math.min(Math.max(x, 0), 1));
    expect(result.statistic).toBeGreaterThan(0.029);
    expect(result.passed).toBe(false);
    expect(result.critical).toBeCloseTo(1.9495 / Math.sqrt(n), 10);
  });
});

describe("moments and distributions", () => {
  it("agrees with the exact truncated-normal moments on quantile samples", () => {
    const rule = { kind: "truncNormal" as const, mean: 1, std: 0.5, low: 0.2, high: 1.4 };
    const distribution = distributionOf(rule);
    // Invert the CDF by bisection at evenly spaced probabilities: a sample that matches exactly.
    const values = Float64Array.from({ length: 4000 }, (_, index) => {
      const target = (index + 0.5) / 4000;
      let low = rule.low;
      let high = rule.high;
      for (let step = 0; step < 60; step += 1) {
        const middle = (low + high) / 2;
        if (distribution.cdf(middle) < target) low = middle;
        else high = middle;
      }
      return (low + high) / 2;
    });
    const moments = sampleMoments(values);
    expect(moments.mean).toBeCloseTo(distribution.mean, 4);
    expect(moments.variance).toBeCloseTo(distribution.variance, 4);
    expect(compareMoments(moments, distribution)).toBeUndefined();
    expect(compareMoments(moments, { mean: distribution.mean + 0.05, variance: distribution.variance })).toMatch(/^mean/);
    expect(compareMoments(moments, { mean: distribution.mean, variance: distribution.variance * 1.3 })).toMatch(/^variance/);
  });

  it("gives the uniform and normal moments in closed form", () => {
    expect(distributionOf({ kind: "uniform", low: -1, high: 1 }).variance).toBeCloseTo(1 / 3, 12);
    const normal = distributionOf({ kind: "normal", mean: 2, std: 3 });
    expect(normal.variance).toBe(9);
    expect(normal.cdf(2)).toBe(0.5);
  });
});
