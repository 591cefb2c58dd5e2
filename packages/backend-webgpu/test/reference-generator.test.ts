import { describe, expect, it } from "vitest";
import { normalCdf } from "../src/normal-cdf";
import { philoxKeyWords } from "../src/philox-key-words";
import { normalQuantile, philox } from "./reference-generator";

const hex = (words: number[]): string => words.map((word) => word.toString(16).padStart(8, "0")).join(" ");

describe("the test oracle and the host-side words", () => {
  it("reproduces Random123's Philox4x32-10 known-answer vectors", () => {
    expect(hex(philox([0, 0, 0, 0], [0, 0]))).toBe("6627e8d5 e169c58d bc57ac4c 9b00dbd8");
    expect(hex(philox([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]))).toBe(
      "408f276d 41c83b0e a20bc7c6 6d5451fd",
    );
    expect(hex(philox([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))).toBe(
      "d16cfe09 94fdcceb 5001e420 24126ea1",
    );
  });

  it("splits the seed into key words and hashes the path with FNV-1a-64", () => {
    // FNV-1a-64 test vectors: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c, "foobar" -> 85944171f73967e8.
    expect(philoxKeyWords({ seed: 0, path: "" })).toEqual({ key0: 0, key1: 0, pathLow: 0x84222325, pathHigh: 0xcbf29ce4 });
    expect(philoxKeyWords({ seed: 7, path: "a" })).toMatchObject({ key0: 7, key1: 0, pathLow: 0x8601ec8c, pathHigh: 0xaf63dc4c });
    expect(philoxKeyWords({ seed: 2 ** 53 - 1, path: "foobar" })).toEqual({
      key0: 0xffffffff,
      key1: 0x1fffff,
      pathLow: 0xf73967e8,
      pathHigh: 0x85944171,
    });
  });

  it("evaluates Φ and Φ⁻¹ to float64 accuracy", () => {
    // Reference values: 0.5·erfc(−x/√2) in float64 (Python math.erfc).
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normalCdf(-2)).toBeCloseTo(0.02275013194817921, 15);
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 12);
    expect(normalCdf(-5) / 2.866515718791946e-7).toBeCloseTo(1, 13);
    expect(normalCdf(6) - 1 + 9.865876450377012e-10).toBeCloseTo(0, 15);
    expect(normalCdf(-40)).toBe(0);
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-9]) {
      const x = normalQuantile(p);
      // Compare the smaller tail; Φ's absolute accuracy (~1e-16) bounds the relative one near 1e-6.
      const tail = p <= 0.5 ? normalCdf(x) : normalCdf(-x);
      const target = Math.min(p, 1 - p);
      expect(Math.abs(tail - target) / target).toBeLessThan(1e-12);
    }
  });
});
