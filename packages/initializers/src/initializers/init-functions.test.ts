import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { functionCases, type SampleCase } from "../../test/reference-cases";
import {
  moments,
  normalCdf,
  truncatedNormalCdf,
  truncatedNormalMoments,
  uniformCdf,
} from "../../test/statistics";
import { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic } from "../statistics/kolmogorov-smirnov";
import { createHostParam, type HostParam } from "../host-param";
import { FEWER_THAN_TWO_DIMENSIONS_MESSAGE } from "../math/compute-fans";
import { TRUNC_NORMAL_FAR_MEAN_WARNING } from "../rules/trunc-normal-rule";
import { caffe2XavierInit } from "./caffe2-xavier";
import { constantInit } from "./constant";
import { kaimingInit } from "./kaiming";
import { normalInit } from "./normal";
import { truncNormalInit } from "./trunc-normal";
import { uniformInit } from "./uniform";
import { xavierInit } from "./xavier";

function sample(label: string): SampleCase {
  const found = functionCases.samples.find((entry) => entry.label === label);
  if (!found) throw new Error(`no sample case ${label}`);
  return found;
}

function layer(recorded: SampleCase, seed = 7): { weight: HostParam; bias: HostParam } {
  return {
    weight: createHostParam(recorded.weight.shape, { path: `${recorded.label}.weight`, seed }),
    bias: createHostParam(recorded.bias.shape, { path: `${recorded.label}.bias`, seed }),
  };
}

function expectConstant(param: HostParam, value: number): void {
  expect(param.data.every((element) => element === Math.fround(value))).toBe(true);
}

function expectDistribution(values: Float32Array, cdf: (x: number) => number): void {
  expect(kolmogorovSmirnovStatistic(values, cdf)).toBeLessThan(kolmogorovSmirnovCritical(values.length, 0.001));
}

describe("module-level functions on MMEngine's recorded samples", () => {
  it("constantInit(val=0.5) fills the weight and sets the default bias 0", async () => {
    const recorded = sample("constant_init(val=0.5) default bias");
    const target = layer(recorded);
    target.bias.data.fill(3);
    await constantInit(target, 0.5);
    expectConstant(target.weight, recorded.weight.constant!);
    expectConstant(target.bias, recorded.bias.constant!);
  });

  it("xavierInit defaults: normal with std gain·√(2/(fanIn+fanOut))", async () => {
    const recorded = sample("xavier_init defaults (normal, gain 1, bias 0)");
    const target = layer(recorded);
    await xavierInit(target);
    const stats = moments(target.weight.data);
    expect(stats.std).toBeCloseTo(recorded.weight.std!, 3);
    expect(Math.abs(stats.std / recorded.expected.std! - 1)).toBeLessThan(0.01);
    expectDistribution(target.weight.data, (x) => normalCdf(x, 0, recorded.expected.std!));
    expectConstant(target.bias, 0);
  });

  it("xavierInit uniform gain 2 bias 0.1: bounded by gain·√(6/(fanIn+fanOut))", async () => {
    const recorded = sample("xavier_init uniform gain 2 bias 0.1");
    const target = layer(recorded);
    await xavierInit(target, { gain: 2, bias: 0.1, distribution: "uniform" });
    const bound = recorded.expected.bound!;
    const stats = moments(target.weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(-bound);
    expect(stats.max).toBeLessThanOrEqual(bound);
    expect(stats.max).toBeGreaterThan(bound * 0.999);
    expect(Math.abs(stats.std / recorded.weight.std! - 1)).toBeLessThan(0.01);
    expectDistribution(target.weight.data, uniformCdf(-bound, bound));
    expectConstant(target.bias, recorded.bias.constant!);
  });

  it("normalInit defaults: N(0, 1) with its tails", async () => {
    const recorded = sample("normal_init defaults (mean 0, std 1)");
    const target = layer(recorded);
    await normalInit(target);
    const stats = moments(target.weight.data);
    expect(Math.abs(stats.mean)).toBeLessThan(0.01);
    expect(Math.abs(stats.std - 1)).toBeLessThan(0.01);
    // torch's sample reaches ±4.2–4.4 on 120000 values; so must ours.
    expect(Math.max(-stats.min, stats.max)).toBeGreaterThan(3.8);
    expectDistribution(target.weight.data, (x) => normalCdf(x));
  });

  it("normalInit on 10^6 values: KS against the exact CDF and the expected share beyond |z| > 4", async () => {
    const weight = createHostParam([1000, 1000], { path: "big.weight", seed: 11 });
    await normalInit({ weight }, { mean: 0.5, std: 2 });
    expectDistribution(weight.data, (x) => normalCdf(x, 0.5, 2));
    let beyond = 0;
    for (const value of weight.data) if (Math.abs((value - 0.5) / 2) > 4) beyond += 1;
    // P(|z| > 4) = 6.33e-5: 63 expected among 10^6, Poisson sd ≈ 8.
    expect(beyond).toBeGreaterThan(30);
    expect(beyond).toBeLessThan(100);
  });

  it("uniformInit defaults: U(0, 1)", async () => {
    const recorded = sample("uniform_init defaults (a 0, b 1)");
    const target = layer(recorded);
    await uniformInit(target);
    const stats = moments(target.weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(0);
    expect(stats.max).toBeLessThan(1);
    expect(Math.abs(stats.std - recorded.weight.std!)).toBeLessThan(0.003);
    expectDistribution(target.weight.data, uniformCdf(0, 1));
  });

  it("kaimingInit defaults on Conv2d(32, 64, 3): fan_out 576, relu, normal", async () => {
    const recorded = sample("kaiming_init defaults on Conv2d(32,64,3)");
    const target = layer(recorded);
    await kaimingInit(target);
    expect(recorded.expected.fan).toBe(64 * 9);
    const std = Math.SQRT2 / Math.sqrt(576);
    expect(std).toBeCloseTo(recorded.expected.std!, 15);
    const stats = moments(target.weight.data);
    expect(Math.abs(stats.std / std - 1)).toBeLessThan(0.02);
    expectDistribution(target.weight.data, (x) => normalCdf(x, 0, std));
    expectConstant(target.bias, 0);
  });

  it("kaimingInit fan_in, uniform, leaky_relu a=0.1 on Linear(400, 300)", async () => {
    const recorded = sample("kaiming_init fan_in uniform leaky_relu a=0.1 Linear");
    const target = layer(recorded);
    await kaimingInit(target, { a: 0.1, mode: "fan_in", nonlinearity: "leaky_relu", distribution: "uniform" });
    const bound = recorded.expected.bound!;
    const stats = moments(target.weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(-bound);
    expect(stats.max).toBeLessThanOrEqual(bound);
    expect(Math.abs(stats.std / recorded.expected.std! - 1)).toBeLessThan(0.01);
    expectDistribution(target.weight.data, uniformCdf(-bound, bound));
  });

  it("caffe2XavierInit on Conv2d(32, 64, 3): U(±√(3/fan_in)) with fan_in 288", async () => {
    const recorded = sample("caffe2_xavier_init on Conv2d(32,64,3)");
    const target = layer(recorded);
    await caffe2XavierInit(target);
    const bound = Math.sqrt(3 / 288);
    expect(bound).toBeCloseTo(recorded.expected.bound!, 15);
    const stats = moments(target.weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(-bound);
    expect(stats.max).toBeLessThanOrEqual(bound);
    expectDistribution(target.weight.data, uniformCdf(-bound, bound));
  });

  const truncCases = functionCases.samples.filter((entry) => entry.label.startsWith("trunc_normal_init"));
  it.each(truncCases.map((entry) => [entry.label, entry] as const))("%s: absolute bounds, exact CDF", async (_label, recorded) => {
    const { mean, std, a, b } = recorded.expected as { mean: number; std: number; a: number; b: number };
    const target = layer(recorded);
    const warnings: string[] = [];
    await truncNormalInit(target, { mean, std, a, b, onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual(recorded.warnings);
    const stats = moments(target.weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(Math.fround(a));
    expect(stats.max).toBeLessThanOrEqual(Math.fround(b));
    const expected = truncatedNormalMoments(mean, std, a, b);
    // Torch's own sample agrees with the closed form; ours must too.
    expect(Math.abs(recorded.weight.std! - expected.std)).toBeLessThan(0.01 * expected.std + 1e-3 * (b - a));
    expect(Math.abs(stats.std - expected.std)).toBeLessThan(0.01 * expected.std);
    expect(Math.abs(stats.mean - expected.mean)).toBeLessThan(0.01 * expected.std + 1e-4);
    expectDistribution(target.weight.data, truncatedNormalCdf(mean, std, a, b));
    expectConstant(target.bias, 0);
  });

  it("truncNormalInit in std units cuts at mean ± k·std", async () => {
    const weight = createHostParam([1000, 1000], { path: "vit.weight", seed: 3 });
    await truncNormalInit({ weight }, { std: 0.02, boundsIn: "std" });
    const stats = moments(weight.data);
    expect(stats.min).toBeGreaterThanOrEqual(Math.fround(-0.04));
    expect(stats.max).toBeLessThanOrEqual(Math.fround(0.04));
    expect(stats.max).toBeGreaterThan(0.0399);
    expectDistribution(weight.data, truncatedNormalCdf(0, 0.02, -0.04, 0.04));
    // The same std with MMEngine's absolute ±2 is effectively not truncated.
    const absolute = createHostParam([1000, 1000], { path: "vit.weight", seed: 3 });
    await truncNormalInit({ weight: absolute }, { std: 0.02 });
    expect(moments(absolute.data).max).toBeGreaterThan(0.08);
  });

  it("passes the far-mean warning to onWarning", async () => {
    const warnings: string[] = [];
    await truncNormalInit({ weight: createHostParam([4, 4]) }, { mean: 5, a: -1, b: 1, onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([TRUNC_NORMAL_FAR_MEAN_WARNING]);
  });
});

describe("which attributes the functions touch (function_cases.attribute_touching)", () => {
  const run = {
    constant_init: (target: object) => constantInit(target, 2),
    xavier_init: (target: object) => xavierInit(target),
    kaiming_init: (target: object) => kaimingInit(target),
    normal_init: (target: object) => normalInit(target),
  } as const;
  const shapes: Record<string, { weight: number[] | null; bias: number[] | null }> = {
    "Linear(bias=False)": { weight: [2, 3], bias: null },
    BatchNorm1d: { weight: [3], bias: [3] },
    PReLU: { weight: [1], bias: null },
    ReLU: { weight: null, bias: null },
  };

  it.each(functionCases.attribute_touching.map((entry) => [entry.module, entry.function, entry] as const))(
    "%s with %s",
    async (module, functionName, recorded) => {
      const shape = shapes[module]!;
      const target = {
        weight: shape.weight ? createHostParam(shape.weight, { path: "w" }) : null,
        bias: shape.bias ? createHostParam(shape.bias, { path: "b" }) : null,
      };
      target.weight?.data.fill(9);
      target.bias?.data.fill(9);
      const call = run[functionName as keyof typeof run](target);
      if (recorded.exception) {
        await expect(call).rejects.toSatisfy((error: unknown) => InitlibError.isInstance(error) && error.summary === recorded.exception!.message);
        // Nothing was written: the bias keeps its value even though torch would have reached it after the weight.
        if (target.weight) expectConstant(target.weight, 9);
        if (target.bias) expectConstant(target.bias, 9);
        return;
      }
      await call;
      expect(target.weight === null).toBe(recorded.weight === null);
      expect(target.bias === null).toBe(recorded.bias === null);
      if (target.weight && recorded.weight) {
        expect(target.weight.history.length).toBe(1);
        if (recorded.weight.constant !== null && recorded.weight.numel > 1) expectConstant(target.weight, recorded.weight.constant);
        else expect(target.weight.data.every((value) => value !== 9)).toBe(true);
      }
      if (target.bias && recorded.bias) expectConstant(target.bias, recorded.bias.constant!);
    },
  );
});

describe("function errors", () => {
  it("rejects a parameter without assign before writing anything", async () => {
    const bias = createHostParam([3]);
    bias.data.fill(5);
    const error = await normalInit({ weight: { shape: [3, 2] }, bias }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error)).toBe(true);
    expect((error as InitlibError).code).toBe("INITLIB_BAD_ARGUMENT");
    expect((error as InitlibError).path).toBe("weight");
    expect((error as InitlibError).message).toContain("assign");
    expectConstant(bias, 5);
  });

  it("rejects bad option values and initializer-only keys", async () => {
    const weight = createHostParam([3, 2]);
    const codeOf = (promise: Promise<void>) => promise.then(() => "resolved", (error: InitlibError) => `${error.code} ${error.path}`);
    expect(await codeOf(kaimingInit({ weight }, { mode: "fan_avg" as "fan_in" }))).toBe("INITLIB_BAD_ARGUMENT mode");
    expect(await codeOf(normalInit({ weight }, { std: -1 }))).toBe("INITLIB_BAD_ARGUMENT std");
    expect(await codeOf(uniformInit({ weight }, { a: 1, b: 0 }))).toBe("INITLIB_BAD_ARGUMENT b");
    expect(await codeOf(xavierInit({ weight }, { layer: "Linear" } as object))).toBe("INITLIB_BAD_ARGUMENT layer");
    expect(await codeOf(constantInit({ weight }, Number.NaN))).toBe("INITLIB_BAD_ARGUMENT val");
    expect(weight.history).toEqual([]);
  });

  it("leaves a zero-element weight to Kaiming untouched with torch's warning, bias still set", async () => {
    const weight = createHostParam([3, 0]);
    const bias = createHostParam([3]);
    const warnings: string[] = [];
    await kaimingInit({ weight, bias }, { mode: "fan_in", bias: 1, onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual(["Initializing zero-element tensors is a no-op"]);
    expect(weight.history).toEqual([]);
    expectConstant(bias, 1);
  });

  it("fails Xavier on a 1-D weight with torch's message", async () => {
    await expect(xavierInit({ weight: createHostParam([4]) })).rejects.toThrow(FEWER_THAN_TWO_DIMENSIONS_MESSAGE);
  });
});
