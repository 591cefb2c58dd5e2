import { describe, expect, it } from "vitest";
import { histogram, moments } from "./histogram";

describe("histogram", () => {
  it("counts values into equal-width bins, the last bin closed", () => {
    expect(histogram(new Float32Array([0, 1, 1, 2]), 2)).toEqual({ edges: [0, 1, 2], counts: [1, 3] });
    const { edges, counts } = histogram([-1, -0.5, 0, 0.5, 1], 4);
    expect(edges).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(counts).toEqual([1, 1, 1, 2]);
  });

  it("keeps every finite value and skips non-finite ones", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    values[7] = Number.NaN;
    values[9] = Infinity;
    const { counts } = histogram(values, 17);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(998);
  });

  it("centres a constant sample in a unit-width range", () => {
    const { edges, counts } = histogram(new Float32Array(5).fill(0.25), 5);
    expect(edges[0]).toBeCloseTo(-0.25);
    expect(edges[5]).toBeCloseTo(0.75);
    expect(counts).toEqual([0, 0, 5, 0, 0]);
  });

  it("rejects a bin count that is not a positive integer", () => {
    expect(() => histogram([1], 0)).toThrow(RangeError);
    expect(() => histogram([1], 2.5)).toThrow(/positive integer/);
  });
});

describe("moments", () => {
  it("gives the mean and population standard deviation", () => {
    expect(moments([1, 3])).toEqual({ mean: 2, std: 1 });
    const { mean, std } = moments([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(std).toBe(2);
  });

  it("is NaN for an empty sample", () => {
    expect(Number.isNaN(moments([]).std)).toBe(true);
  });
});
