import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { COMPARISON_DEPTH, compareDepthSchemes, DEPTH_SERIES_IDS, type DepthSeries } from "./depth-comparison";

beforeAll(async () => {
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
});

/** std of max(0, z) for z ~ N(0, 1): √(1/2 − 1/(2π)). */
const RELU_OF_UNIT_NORMAL_STD = Math.sqrt(0.5 - 1 / (2 * Math.PI));

describe("compareDepthSchemes (the page's depth comparison)", () => {
  let series: DepthSeries[];
  const of = (id: string) => series.find((entry) => entry.id === id)!.std;

  beforeAll(async () => {
    series = await compareDepthSchemes(tf, { seed: 0 });
  }, 60_000);

  it("has one series of 50 depths per (scheme, network), all finite", () => {
    expect(series.map((entry) => entry.id)).toEqual([...DEPTH_SERIES_IDS]);
    for (const entry of series) {
      expect(entry.std).toHaveLength(COMPARISON_DEPTH);
      expect(entry.std.every(Number.isFinite)).toBe(true);
    }
  });

  it("LSUV: after the ReLU of each unit-variance pre-activation, std ≈ √(1/2 − 1/(2π)) = 0.5838 at every depth", () => {
    expect(RELU_OF_UNIT_NORMAL_STD).toBeCloseTo(0.5838, 4);
    // LSUV normalized the pre-activation variance on its own batch (tolerance 0.1); the measured
    // batch is another draw, and a pre-activation with a non-zero mean moves the std after the ReLU.
    const lsuv = of("lsuv");
    for (const std of lsuv) expect(Math.abs(std / RELU_OF_UNIT_NORMAL_STD - 1)).toBeLessThan(0.25);
    // Flat where Kaiming random-walks: max/min of LSUV's series is well below Kaiming's.
    const spread = (values: readonly number[]) => Math.max(...values) / Math.min(...values);
    expect(spread(lsuv)).toBeLessThan(1.5);
    expect(spread(of("kaiming"))).toBeGreaterThan(2 * spread(lsuv));
  });

  it("Fixup: the residual stream passes unchanged (each branch's last layer is 0), inner layers are He × 25^(-1/2)", () => {
    const fixup = of("fixup");
    for (let block = 1; block < COMPARISON_DEPTH / 2; block += 1) expect(fixup[2 * block + 1]).toBe(fixup[1]);
    // Inner activations relu(W1·x) with W1 at He/5: about a fifth of the stream's second moment scale.
    for (let block = 0; block < COMPARISON_DEPTH / 2; block += 1) expect(fixup[2 * block]! / fixup[1]!).toBeLessThan(0.5);
  });

  it("Kaiming on the residual MLP explodes (each branch adds its variance), on the plain MLP it stays within 10×", () => {
    const residual = of("kaiming-residual");
    expect(residual.at(-1)! / residual[1]!).toBeGreaterThan(1000);
    const plain = of("kaiming");
    expect(plain.at(-1)! / plain[0]!).toBeGreaterThan(0.1);
    expect(plain.at(-1)! / plain[0]!).toBeLessThan(10);
  });

  it("is reproducible for a seed, and another seed gives other values", async () => {
    const small = { width: 16, batchSize: 32 };
    const [first, second, other] = [await compareDepthSchemes(tf, { seed: 4, ...small }), await compareDepthSchemes(tf, { seed: 4, ...small }), await compareDepthSchemes(tf, { seed: 5, ...small })];
    expect(second.map((entry) => entry.std)).toEqual(first.map((entry) => entry.std));
    expect(other[0]!.std).not.toEqual(first[0]!.std);
  }, 60_000);
});
