import { describe, expect, it } from "vitest";
import { float32LogPositive } from "./float32-logarithm";

const ulpDistance = (a: number, b: number) => {
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  return Math.abs(bits[0]! - bits[1]!);
};

describe("float32LogPositive (the module's Cephes logf)", () => {
  it("is exact at 1 and within 1 float32 ulp of ln over many octaves", () => {
    expect(float32LogPositive(1)).toBe(0);
    let worst = 0;
    for (let exponent = -60; exponent <= 20; exponent++) {
      for (let step = 0; step < 64; step++) {
        const value = Math.fround(2 ** exponent * (1 + step / 64));
        worst = Math.max(worst, ulpDistance(float32LogPositive(value), Math.fround(Math.log(value))));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("returns float32 values", () => {
    const value = float32LogPositive(0.3);
    expect(Math.fround(value)).toBe(value);
  });
});
