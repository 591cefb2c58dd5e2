import { readFileSync } from "node:fs";
import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { generateWithFloat64Reference } from "./float64-reference-generator";
import { generateRuleValues, resolveRandomEngine, type RandomEngine } from "./generate-rule-values";
import { prepareRule, type GeneratedRule } from "./prepared-rule";
import { randomKeyWords } from "./random-key-words";
import { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic } from "../statistics/kolmogorov-smirnov";
import { sampleMoments, type SampleMoments } from "../statistics/sample-moments";
import { truncatedNormalMoments } from "../statistics/truncated-normal-moments";
import { standardNormalCdf, standardNormalIntervalProbability } from "./standard-normal";
import { truncNormalBoundsFromStdUnits } from "./trunc-normal-bounds";

const SAMPLES = 1_000_000;
const ENGINES: ("javascript" | "webassembly")[] = ["javascript", "webassembly"];

function generate(rule: GeneratedRule, engine: RandomEngine, count = SAMPLES, seed = 20240601, path = "stats.weight", start = 0) {
  const out = new Float32Array(count);
  generateRuleValues(rule, { seed, path }, start, out, { engine });
  return out;
}

/** Checks moments against exact values within `sigmas` standard errors (normal-theory errors). */
function expectMoments(moments: SampleMoments, exact: { mean: number; variance: number; skewness: number; excessKurtosis: number }, sigmas = 5) {
  const n = moments.count;
  const std = Math.sqrt(exact.variance);
  expect(Math.abs(moments.mean - exact.mean)).toBeLessThan((sigmas * std) / Math.sqrt(n));
  // Standard error of the variance is σ²·√((κ + 2)/n) with κ the excess kurtosis.
  expect(Math.abs(moments.variance - exact.variance)).toBeLessThan(sigmas * exact.variance * Math.sqrt((exact.excessKurtosis + 2) / n));
  expect(Math.abs(moments.skewness - exact.skewness)).toBeLessThan(sigmas * Math.sqrt(6 / n) * 1.5);
  expect(Math.abs(moments.excessKurtosis - exact.excessKurtosis)).toBeLessThan(sigmas * Math.sqrt(24 / n) * 1.5);
}

/** Fraction of |z| > 4 must be close to 2Φ(−4) = 6.33e-5 (binomial, 5 standard errors). */
function tailCountIsPlausible(values: Float32Array, mean: number, std: number): boolean {
  let beyond = 0;
  for (const value of values) if (Math.abs((value - mean) / std) > 4) beyond++;
  const expected = values.length * 2 * standardNormalCdf(-4);
  return Math.abs(beyond - expected) < 5 * Math.sqrt(expected);
}

describe.each(ENGINES)("%s engine: distributions", (engine) => {
  it("U(-0.3, 0.7): bounds, moments and KS", () => {
    const values = generate({ kind: "uniform", low: -0.3, high: 0.7 }, engine);
    const moments = sampleMoments(values);
    expect(moments.min).toBeGreaterThanOrEqual(Math.fround(-0.3));
    expect(moments.max).toBeLessThan(Math.fround(0.7));
    expectMoments(moments, { mean: 0.2, variance: 1 / 12, skewness: 0, excessKurtosis: -1.2 });
    const ks = kolmogorovSmirnovStatistic(values, (x) => Math.min(1, Math.max(0, (x + 0.3) / 1)));
    expect(ks).toBeLessThan(kolmogorovSmirnovCritical(SAMPLES, 0.01));
  });

  it("N(1.5, 2²): moments, KS and the 4σ tails", () => {
    const values = generate({ kind: "normal", mean: 1.5, std: 2 }, engine);
    const moments = sampleMoments(values);
    expectMoments(moments, { mean: 1.5, variance: 4, skewness: 0, excessKurtosis: 0 });
    expect(kolmogorovSmirnovStatistic(values, (x) => standardNormalCdf((x - 1.5) / 2))).toBeLessThan(
      kolmogorovSmirnovCritical(SAMPLES, 0.01),
    );
    expect(tailCountIsPlausible(values, 1.5, 2)).toBe(true);
    // Box–Muller with 24-bit uniforms: |z| ≤ √(−2 ln 2^-25) ≈ 5.89.
    expect(Math.max(Math.abs(moments.min - 1.5), Math.abs(moments.max - 1.5)) / 2).toBeLessThan(5.9);
  });

  it.each([
    ["MMEngine's default [-2, 2] on N(0, 1)", 0, 1, -2, 2],
    ["an upper-tail window [1, 8]", 0, 1, 1, 8],
    ["a lower-tail window far from the mean [-1, 1] on N(5, 1)", 5, 1, -1, 1],
    ["a narrow window [-0.04, 0.04] on N(0, 0.02²)", 0, 0.02, -0.04, 0.04],
  ])("truncated normal, %s: bounds, mean, std and KS against the exact CDF", (_label, mean, std, low, high) => {
    const values = generate({ kind: "truncNormal", mean, std, low, high }, engine);
    const moments = sampleMoments(values);
    expect(moments.min).toBeGreaterThanOrEqual(Math.fround(low));
    expect(moments.max).toBeLessThanOrEqual(Math.fround(high));
    const alpha = (low - mean) / std;
    const mass = standardNormalIntervalProbability(alpha, (high - mean) / std);
    const exact = truncatedNormalMoments(mean, std, low, high, mass);
    expect(Math.abs(moments.mean - exact.mean)).toBeLessThan((5 * exact.std) / Math.sqrt(SAMPLES));
    expect(Math.abs(Math.sqrt(moments.variance) / exact.std - 1)).toBeLessThan(0.005);
    const cdf = (x: number) => standardNormalIntervalProbability(alpha, (x - mean) / std) / mass;
    expect(kolmogorovSmirnovStatistic(values, cdf)).toBeLessThan(kolmogorovSmirnovCritical(SAMPLES, 0.01));
  });

  it("truncated normal with bounds in std units (TensorFlow's convention): ±2σ around the mean", () => {
    const { low, high } = truncNormalBoundsFromStdUnits({ mean: 0.5, std: 0.02, a: -2, b: 2 });
    const values = generate({ kind: "truncNormal", mean: 0.5, std: 0.02, low, high }, engine);
    const moments = sampleMoments(values);
    expect(moments.min).toBeGreaterThanOrEqual(Math.fround(0.46));
    expect(moments.max).toBeLessThanOrEqual(Math.fround(0.54));
    // N(0, 1) cut at ±2 has std 0.8796.
    expect(Math.sqrt(moments.variance) / 0.02).toBeCloseTo(0.8796, 2);
    const cdf = (x: number) => standardNormalIntervalProbability(-2, (x - 0.5) / 0.02) / standardNormalIntervalProbability(-2, 2);
    expect(kolmogorovSmirnovStatistic(values, cdf)).toBeLessThan(kolmogorovSmirnovCritical(SAMPLES, 0.01));
  });

  it("keeps truncations far in the tail inside their bounds and in order", () => {
    for (const [low, high] of [
      [-12, -9.5],
      [-30, -29],
      [29, 30],
    ]) {
      const values = generate({ kind: "truncNormal", mean: 0, std: 1, low: low!, high: high! }, engine, 10_000);
      const moments = sampleMoments(values);
      expect(moments.min).toBeGreaterThanOrEqual(low!);
      expect(moments.max).toBeLessThanOrEqual(high!);
      // The truncated density falls off like e^{−|z|·d}: most mass sits within 1/|bound| of the nearer bound.
      const nearer = Math.abs(low!) < Math.abs(high!) ? low! : high!;
      expect(Math.abs(moments.mean - nearer)).toBeLessThan(1.5 / Math.abs(nearer));
      expect(Math.abs(moments.mean - nearer)).toBeGreaterThan(0.5 / Math.abs(nearer));
    }
  });

  it("produces the same values whatever the chunking, from any start", () => {
    for (const rule of [
      { kind: "uniform", low: -1, high: 1 },
      { kind: "normal", mean: 0, std: 1 },
      { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
    ] satisfies GeneratedRule[]) {
      const whole = generate(rule, engine, 20_011, 7, "chunk.weight", 5);
      for (const chunk of [1, 3, 4, 4097]) {
        const pieces = new Float32Array(whole.length);
        for (let offset = 0; offset < pieces.length; offset += chunk) {
          const piece = pieces.subarray(offset, Math.min(offset + chunk, pieces.length));
          generateRuleValues(rule, { seed: 7, path: "chunk.weight" }, 5 + offset, piece, { engine });
        }
        expect(pieces).toEqual(whole);
      }
    }
  });

  it("handles element indices across the 2^32-block counter boundary", () => {
    const start = 4 * 2 ** 32 - 6;
    const whole = generate({ kind: "uniform", low: 0, high: 1 }, engine, 12, 1, "w", start);
    const javascript = generate({ kind: "uniform", low: 0, high: 1 }, "javascript", 12, 1, "w", start);
    expect(whole).toEqual(javascript);
    expect(new Set(whole).size).toBe(12);
  });

  it("accepts seed 0 and gives different streams for different seeds and paths", () => {
    const rule = { kind: "normal", mean: 0, std: 1 } as const;
    const base = generate(rule, engine, 10_000, 0, "a.weight");
    expect(sampleMoments(base).variance).toBeGreaterThan(0.9);
    for (const other of [generate(rule, engine, 10_000, 1, "a.weight"), generate(rule, engine, 10_000, 0, "a.bias")]) {
      let dot = 0;
      for (let i = 0; i < base.length; i++) dot += base[i]! * other[i]!;
      // Independent streams: the correlation is ~N(0, 1/n); 5 standard errors.
      expect(Math.abs(dot / base.length)).toBeLessThan(5 / Math.sqrt(base.length));
    }
  });
});

describe("the checks can fail", () => {
  it("a normal generator clipped at 4σ fails the tail check", () => {
    const values = generate({ kind: "normal", mean: 0, std: 1 }, "webassembly");
    expect(tailCountIsPlausible(values, 0, 1)).toBe(true);
    const clipped = values.map((value) => Math.max(-4, Math.min(4, value)));
    expect(tailCountIsPlausible(clipped, 0, 1)).toBe(false);
  });

  it("a uniform of the wrong width fails KS", () => {
    const values = generate({ kind: "uniform", low: 0, high: 1.01 }, "webassembly");
    expect(kolmogorovSmirnovStatistic(values, (x) => Math.min(1, Math.max(0, x)))).toBeGreaterThan(
      kolmogorovSmirnovCritical(SAMPLES, 0.01),
    );
  });
});

describe("JavaScript and WebAssembly engines agree", () => {
  it.each([
    [{ kind: "uniform", low: -0.3, high: 0.7 }],
    [{ kind: "uniform", low: 1e-3, high: 3e4 }],
    [{ kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 }],
    [{ kind: "truncNormal", mean: 5, std: 1, low: -1, high: 1 }],
    [{ kind: "truncNormal", mean: 0, std: 1, low: 4, high: 12 }],
  ] satisfies [GeneratedRule][])("%j is bit-identical", (rule) => {
    const wasm = generate(rule, "webassembly", SAMPLES, 3, "x", 1);
    const javascript = generate(rule, "javascript", SAMPLES, 3, "x", 1);
    let mismatches = 0;
    for (let i = 0; i < SAMPLES; i++) if (!Object.is(wasm[i], javascript[i])) mismatches++;
    expect(mismatches).toBe(0);
  });

  it.each([
    [{ kind: "normal", mean: 0, std: 1 }],
    [{ kind: "normal", mean: -3, std: 0.02 }],
    [{ kind: "normal", mean: 0.5, std: 2 }],
  ] satisfies [GeneratedRule][])("%j agrees within float32 rounding", (rule) => {
    const count = 200_003;
    const wasm = generate(rule, "webassembly", count, 11, "y", 2);
    const javascript = generate(rule, "javascript", count, 11, "y", 2);
    const scale = Math.max(rule.std, Math.abs(rule.mean));
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const tolerance = 2 ** -20 * Math.max(Math.abs(javascript[i]!), scale);
      worst = Math.max(worst, Math.abs(wasm[i]! - javascript[i]!) / tolerance);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe("the float32 generators against the float64 reference", () => {
  it.each([
    [{ kind: "normal", mean: 0, std: 1 }],
    [{ kind: "normal", mean: -3, std: 0.02 }],
    [{ kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 }],
    [{ kind: "truncNormal", mean: 5, std: 1, low: -1, high: 1 }],
    [{ kind: "truncNormal", mean: 0, std: 1, low: 4, high: 12 }],
    [{ kind: "truncNormal", mean: 0, std: 1, low: -12, high: -9.5 }],
  ] satisfies [GeneratedRule][])("%j agrees within float32 rounding", (rule) => {
    const count = 200_003;
    const reference = new Float32Array(count);
    generateWithFloat64Reference(prepareRule(rule), randomKeyWords({ seed: 11, path: "y" }), 2, reference);
    const scale = Math.max(rule.std, Math.abs(rule.mean));
    for (const engine of ENGINES) {
      const values = generate(rule, engine, count, 11, "y", 2);
      let worst = 0;
      for (let i = 0; i < count; i++) {
        const tolerance = 2 ** -20 * Math.max(Math.abs(reference[i]!), scale);
        worst = Math.max(worst, Math.abs(values[i]! - reference[i]!) / tolerance);
      }
      expect(worst, engine).toBeLessThanOrEqual(1);
    }
  });
});

describe("MMEngine reference sample statistics (function_cases.samples)", () => {
  interface SampleCase {
    label: string;
    weight: { shape: number[]; numel: number; mean: number; std: number; min: number; max: number };
    expected: Record<string, number>;
  }
  const reference = JSON.parse(readFileSync(new URL("../../test/fixtures/mmengine-function-cases.json", import.meta.url), "utf8"));
  const cases = (reference.function_cases.samples as SampleCase[]).filter((sample) => !sample.label.startsWith("constant_init"));

  function ruleFor(sample: SampleCase): GeneratedRule {
    const { label, expected } = sample;
    if (label.startsWith("trunc_normal_init")) {
      return { kind: "truncNormal", mean: expected.mean!, std: expected.std!, low: expected.a!, high: expected.b! };
    }
    if (label.startsWith("normal_init")) return { kind: "normal", mean: expected.mean!, std: expected.std! };
    if (label.startsWith("uniform_init")) return { kind: "uniform", low: expected.a!, high: expected.b! };
    if (/uniform|caffe2/.test(label)) return { kind: "uniform", low: -expected.bound!, high: expected.bound! };
    return { kind: "normal", mean: 0, std: expected.std! };
  }

  it("covers every non-constant case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases.map((sample) => [sample.label, sample] as const))("%s: same distribution as MMEngine's sample", (_label, sample) => {
    const rule = ruleFor(sample);
    for (const engine of ENGINES) {
      const values = generate(rule, engine, sample.weight.numel, 0, "reference.weight");
      const moments = sampleMoments(values);
      const std = Math.sqrt(moments.variance);
      // Two independent samples of n values: means differ by ~σ√(2/n), stds by ~σ/√n.
      const n = sample.weight.numel;
      expect(Math.abs(moments.mean - sample.weight.mean)).toBeLessThan(5 * sample.weight.std * Math.sqrt(2 / n));
      expect(Math.abs(std / sample.weight.std - 1)).toBeLessThan(0.03);
      if (rule.kind === "uniform" || rule.kind === "truncNormal") {
        expect(moments.min).toBeGreaterThanOrEqual(Math.fround(rule.low));
        expect(moments.max).toBeLessThanOrEqual(Math.fround(rule.high));
        // Sample extremes of n values land near the bounds; 5% of the range leaves room for torch's
        // float32 artefact in far-tail windows (uniform(2l − 1, 2u − 1) rounds 2l − 1 to −1, so
        // erfinv gives −∞ and the clamp puts many values exactly on the bound).
        expect(Math.abs(moments.min - sample.weight.min)).toBeLessThan(0.05 * (rule.high - rule.low));
        expect(Math.abs(moments.max - sample.weight.max)).toBeLessThan(0.05 * (rule.high - rule.low));
      }
    }
  });
});

describe("argument checks", () => {
  const codeOf = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      return InitlibError.isInstance(error) ? error.code : "other";
    }
    return undefined;
  };

  it("rejects bad rules, starts and outputs before writing", () => {
    const out = new Float32Array(4).fill(7);
    const key = { seed: 0, path: "w" };
    expect(codeOf(() => generateRuleValues({ kind: "uniform", low: 1, high: 0 }, key, 0, out))).toBe("INITLIB_BAD_ARGUMENT");
    expect(codeOf(() => generateRuleValues({ kind: "normal", mean: Number.NaN, std: 1 }, key, 0, out))).toBe("INITLIB_BAD_ARGUMENT");
    expect(codeOf(() => generateRuleValues({ kind: "truncNormal", mean: 0, std: 1, low: 2, high: -2 }, key, 0, out))).toBe(
      "INITLIB_BAD_ARGUMENT",
    );
    expect(codeOf(() => generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, -1, out))).toBe("INITLIB_BAD_ARGUMENT");
    expect(codeOf(() => generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, 0.5, out))).toBe("INITLIB_BAD_ARGUMENT");
    expect(codeOf(() => generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, 0, [] as unknown as Float32Array))).toBe(
      "INITLIB_BAD_ARGUMENT",
    );
    expect(codeOf(() => generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, 0, out, { engine: "gpu" as RandomEngine }))).toBe(
      "INITLIB_BAD_ARGUMENT",
    );
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it("resolves auto to WebAssembly on Node 20", () => {
    expect(resolveRandomEngine("auto")).toBe("webassembly");
    expect(resolveRandomEngine("javascript")).toBe("javascript");
  });

  it("std = 0 gives the mean (clamped into the bounds for a truncated normal)", () => {
    for (const engine of ENGINES) {
      expect(Array.from(generate({ kind: "normal", mean: 0.25, std: 0 }, engine, 5))).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
      expect(Array.from(generate({ kind: "truncNormal", mean: 3, std: 0, low: -1, high: 1 }, engine, 3))).toEqual([1, 1, 1]);
    }
  });
});
