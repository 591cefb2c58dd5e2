import { compareMoments, distributionOf, kolmogorovSmirnovTest, sampleMoments } from "@initlib/backend-testkit";
import { generateRuleValues, type SampleRequest } from "@initlib/initializers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";

const environment = await setUpNodeWebGpu();

/** The host generator's values (docs/rng.md), the reference the device must reproduce. */
function hostValues(request: SampleRequest, size: number): Float32Array {
  const out = new Float32Array(size);
  generateRuleValues(request.rule, request.key, 0, out);
  return out;
}

// Device normals and truncated normals use float32 polynomials for ln, sin/cos and erfinv; the host
// computes in float64 and rounds once. They stay within a few float32 ulps (measured: 2.5e-7 and
// 3.5e-7 relative), in units of |mean| + std·max(1, |z|).
const RELATIVE_TOLERANCE = 1e-6;

const SEEDS = [0, 1, 0xffffffff, 2 ** 32 + 5, 2 ** 53 - 1];
const PATHS = ["", "weight", "backbone.layer1.0.conv1.weight", "décodeur.投影.bias"];
const SIZES = [1, 2, 3, 4, 5, 7, 63, 64, 65, 255, 257, 1000, 4097, 100_003];

describe.skipIf(!environment.available)("device-side sampling on Dawn", () => {
  let backend: WebGpuBackend;

  beforeAll(async () => {
    if (!environment.available) return;
    backend = await createWebGpuBackend({ tf: environment.tf });
  });

  async function sampleOnDevice(shape: number[], request: SampleRequest): Promise<Float32Array> {
    const parameter = await backend.allocate(shape);
    try {
      await backend.sample(parameter, request);
      return await backend.read(parameter);
    } finally {
      backend.dispose(parameter);
    }
  }

  it("gives uniform values bit-identical to the host generator for many seeds, paths and sizes", async () => {
    const rules = [
      { kind: "uniform", low: -1, high: 1 },
      { kind: "uniform", low: 0, high: 1 },
      { kind: "uniform", low: -0.3, high: 0.7 },
      { kind: "uniform", low: 1e-3, high: 5.5 },
      { kind: "uniform", low: -0.0625, high: 0.0625 },
    ] as const;
    let compared = 0;
    for (const [index, size] of SIZES.entries()) {
      const seed = SEEDS[index % SEEDS.length]!;
      const path = PATHS[index % PATHS.length]!;
      const rule = rules[index % rules.length]!;
      const request: SampleRequest = { rule, key: { seed, path } };
      const got = await sampleOnDevice([size], request);
      const expected = hostValues(request, size);
      expect(new Uint32Array(got.buffer), `${JSON.stringify(request)} size ${size}`).toEqual(new Uint32Array(expected.buffer));
      compared += size;
    }
    expect(compared).toBe(SIZES.reduce((a, b) => a + b, 0));
  });

  it("depends on shape only through the element count, and on the key through seed and path", async () => {
    const rule = { kind: "uniform", low: -1, high: 1 } as const;
    const flat = await sampleOnDevice([24], { rule, key: { seed: 3, path: "a.weight" } });
    const shaped = await sampleOnDevice([2, 3, 4], { rule, key: { seed: 3, path: "a.weight" } });
    expect(shaped).toEqual(flat);
    const otherPath = await sampleOnDevice([24], { rule, key: { seed: 3, path: "a.bias" } });
    const otherSeed = await sampleOnDevice([24], { rule, key: { seed: 4, path: "a.weight" } });
    expect(otherPath).not.toEqual(flat);
    expect(otherSeed).not.toEqual(flat);
  });

  // 2^24 + 4 takes the one-store-per-block path, 2^24 + 7 the per-element one; both need a 2-D dispatch.
  it.each([2 ** 24 + 4, 2 ** 24 + 7])("is bit-identical beyond 2^24 elements (%i)", async (size) => {
    const request: SampleRequest = { rule: { kind: "uniform", low: -2, high: 3 }, key: { seed: 11, path: "big.weight" } };
    const got = await sampleOnDevice([size], request);
    const expected = hostValues(request, size);
    let mismatches = 0;
    for (let index = 0; index < size; index += 1) if (got[index] !== expected[index]) mismatches += 1;
    expect(mismatches).toBe(0);
  });

  it.each([
    { kind: "normal", mean: 0, std: 1 },
    { kind: "normal", mean: 0.5, std: 0.02 },
    { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
    { kind: "truncNormal", mean: 0.1, std: 0.5, low: 0.6, high: 2.1 },
    { kind: "truncNormal", mean: 0, std: 1, low: -4, high: -2.5 },
    { kind: "truncNormal", mean: 0, std: 3, low: -1, high: 1 },
  ] as const)("matches the host generator within float32 rounding: %j", async (rule) => {
    for (const [index, size] of [1, 3, 5, 4097, 100_003].entries()) {
      const request: SampleRequest = { rule, key: { seed: SEEDS[index]!, path: PATHS[index % PATHS.length]! } };
      const got = await sampleOnDevice([size], request);
      const expected = hostValues(request, size);
      let worst = 0;
      for (let element = 0; element < size; element += 1) {
        const scale = Math.abs(rule.mean) + rule.std * Math.max(1, Math.abs((expected[element]! - rule.mean) / rule.std));
        worst = Math.max(worst, Math.abs(got[element]! - expected[element]!) / scale);
      }
      expect(worst, `${JSON.stringify(request)} size ${size}`).toBeLessThan(RELATIVE_TOLERANCE);
      if (rule.kind === "truncNormal") {
        for (const value of got) {
          expect(value).toBeGreaterThanOrEqual(Math.fround(rule.low));
          expect(value).toBeLessThanOrEqual(Math.fround(rule.high));
        }
      }
    }
  });

  it.each([
    { kind: "uniform", low: -0.5, high: 2 },
    { kind: "normal", mean: 1, std: 2 },
    { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
    { kind: "truncNormal", mean: 0, std: 1, low: 1, high: 3 },
  ] as const)("passes Kolmogorov–Smirnov and moment tests against the exact distribution: %j", async (rule) => {
    const values = await sampleOnDevice([400, 500], { rule, key: { seed: 2024, path: "stats.weight" } });
    const distribution = distributionOf(rule);
    const ks = kolmogorovSmirnovTest(values, (x) => distribution.cdf(x));
    expect(ks.passed, `D = ${ks.statistic}`).toBe(true);
    expect(compareMoments(sampleMoments(values), distribution)).toBeUndefined();
    const moments = sampleMoments(values);
    expect(moments.min).toBeGreaterThanOrEqual(distribution.low);
    expect(moments.max).toBeLessThanOrEqual(distribution.high);
  });

  it("generates on the device: no host array is written or uploaded while sampling", async () => {
    const { tf } = backend;
    const parameter = await backend.allocate([300, 300]);
    const kernelBackend = tf.backend();
    const uploads = vi.spyOn(kernelBackend, "write");
    const writes = vi.spyOn(backend, "write");
    try {
      for (const rule of [
        { kind: "uniform", low: -1, high: 1 },
        { kind: "normal", mean: 0, std: 0.02 },
        { kind: "truncNormal", mean: 0, std: 0.02, low: -0.04, high: 0.04 },
      ] as const) {
        await backend.sample(parameter, { rule, key: { seed: 1, path: "fc.weight" } });
      }
      // tfjs registers each new output with write(undefined, shape): a data id without host values.
      const withHostValues = () => uploads.mock.calls.filter(([values]) => values !== undefined && values !== null);
      expect(uploads).toHaveBeenCalled();
      expect(withHostValues()).toEqual([]);
      expect(writes).not.toHaveBeenCalled();
      // The spy does see uploads: a write goes through it with its values.
      await backend.write(parameter, new Float32Array(300 * 300), 0);
      expect(withHostValues()).toHaveLength(1);
    } finally {
      uploads.mockRestore();
      writes.mockRestore();
      backend.dispose(parameter);
    }
  });

  it("keeps the number of tensors steady over repeated sampling", async () => {
    const { tf } = backend;
    const parameter = await backend.allocate([17, 5]);
    await backend.sample(parameter, { rule: { kind: "normal", mean: 0, std: 1 }, key: { seed: 0, path: "w" } });
    const before = tf.memory().numTensors;
    for (let round = 0; round < 20; round += 1) {
      await backend.sample(parameter, { rule: { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 }, key: { seed: round, path: "w" } });
    }
    expect(tf.memory().numTensors).toBe(before);
    backend.dispose(parameter);
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it("fills a zero-std rule with its one value and leaves zero-size parameters alone", async () => {
    expect(await sampleOnDevice([3], { rule: { kind: "normal", mean: 0.25, std: 0 }, key: { seed: 0, path: "b" } })).toEqual(
      new Float32Array([0.25, 0.25, 0.25]),
    );
    expect(
      await sampleOnDevice([2], { rule: { kind: "truncNormal", mean: 5, std: 0, low: -1, high: 1 }, key: { seed: 0, path: "b" } }),
    ).toEqual(new Float32Array([1, 1]));
    expect(await sampleOnDevice([0, 4], { rule: { kind: "normal", mean: 0, std: 1 }, key: { seed: 0, path: "b" } })).toEqual(
      new Float32Array(0),
    );
    const scalar = await sampleOnDevice([], { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 9, path: "s" } });
    expect(scalar).toEqual(hostValues({ rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 9, path: "s" } }, 1));
  });
});
