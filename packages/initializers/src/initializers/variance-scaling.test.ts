import { describe, expect, it } from "vitest";
import { errorOf } from "../error-of";
import { normalCdf, truncatedNormalCdf, uniformCdf } from "../../test/statistics";
import { createHostParam } from "../host-param";
import { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic } from "../statistics/kolmogorov-smirnov";
import { sampleMoments } from "../statistics/sample-moments";
import { buildInitializer } from "../weight-initializers/build-initializer";
import { WEIGHT_INITIALIZERS } from "../weight-initializers/weight-initializers";
import { truncNormalTfInit } from "./trunc-normal-tf";
import {
  TRUNCATED_NORMAL_STD_CORRECTION,
  VARIANCE_SCALING_DISTRIBUTIONS,
  VARIANCE_SCALING_MODES,
  varianceScalingInit,
  varianceScalingRule,
} from "./variance-scaling";
import { heUniformInit, VARIANCE_SCALING_PRESETS } from "./variance-scaling-presets";

// A Linear(300 → 200) weight in torch's layout: fanIn 300, fanOut 200, fan_avg 250.
const SHAPE = [200, 300] as const;
const FANS = { fan_in: 300, fan_out: 200, fan_avg: 250 } as const;
const SCALE = 2;

describe("VarianceScaling (Keras / Flax)", () => {
  for (const mode of VARIANCE_SCALING_MODES) {
    for (const distribution of VARIANCE_SCALING_DISTRIBUTIONS) {
      it(`${mode}, ${distribution}: sample variance = scale / fan, and KS against the exact distribution`, async () => {
        const weight = createHostParam(SHAPE, { path: `vs.${mode}.${distribution}`, seed: 1 });
        await varianceScalingInit({ weight }, { scale: SCALE, mode, distribution });
        const variance = SCALE / FANS[mode];
        const { mean, variance: sampleVariance } = sampleMoments(weight.data);
        // 60000 samples: the variance estimate's relative sd is below √(2/60000) ≈ 0.6 %.
        expect(Math.abs(sampleVariance / variance - 1)).toBeLessThan(0.03);
        expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(variance / weight.data.length));
        const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STD_CORRECTION;
        const cdf =
          distribution === "uniform"
            ? uniformCdf(-Math.sqrt(3 * variance), Math.sqrt(3 * variance))
            : distribution === "untruncated_normal"
              ? (x: number) => normalCdf(x, 0, Math.sqrt(variance))
              : truncatedNormalCdf(0, std, -2 * std, 2 * std);
        expect(kolmogorovSmirnovStatistic(weight.data, cdf)).toBeLessThan(kolmogorovSmirnovCritical(weight.data.length));
        if (distribution !== "untruncated_normal") {
          const bound = distribution === "uniform" ? Math.sqrt(3 * variance) : 2 * std;
          const { min, max } = sampleMoments(weight.data);
          expect(Math.max(-min, max)).toBeLessThanOrEqual(bound * (1 + 1e-6));
        }
      });
    }
  }

  it("takes fans from the declared layout: a tfjs HWIO kernel gets the torch Conv2d's fans", () => {
    const rule = varianceScalingRule({ shape: [3, 3, 16, 32], layout: "HWIO" }, { scale: 1, mode: "fan_in", distribution: "untruncated_normal" });
    expect(rule).toEqual({ kind: "normal", mean: 0, std: Math.sqrt(1 / 144) });
    const fanOut = varianceScalingRule({ shape: [32, 16, 3, 3] }, { scale: 1, mode: "fan_out", distribution: "untruncated_normal" });
    expect(fanOut).toEqual({ kind: "normal", mean: 0, std: Math.sqrt(1 / 288) });
  });

  it("has Keras' defaults and presets", () => {
    expect(buildInitializer({ type: "VarianceScaling" }).info).toBe("VarianceScalingInit: scale=1, mode=fan_in, distribution=truncated_normal, bias=0");
    expect(VARIANCE_SCALING_PRESETS).toEqual({
      LecunNormal: { scale: 1, mode: "fan_in", distribution: "truncated_normal" },
      LecunUniform: { scale: 1, mode: "fan_in", distribution: "uniform" },
      GlorotNormal: { scale: 1, mode: "fan_avg", distribution: "truncated_normal" },
      GlorotUniform: { scale: 1, mode: "fan_avg", distribution: "uniform" },
      HeNormal: { scale: 2, mode: "fan_in", distribution: "truncated_normal" },
      HeUniform: { scale: 2, mode: "fan_in", distribution: "uniform" },
    });
    const weight = { shape: [200, 300] };
    for (const [name, settings] of Object.entries(VARIANCE_SCALING_PRESETS)) {
      const preset = buildInitializer({ type: name, layer: "Linear" } as never) as unknown as { weightRule(weight: unknown): unknown; info: string };
      expect(preset.weightRule(weight)).toEqual(varianceScalingRule(weight, settings));
      expect(preset.info).toBe(`${name}Init: scale=${settings.scale}, mode=${settings.mode}, distribution=${settings.distribution}, bias=0`);
      expect(WEIGHT_INITIALIZERS.has(name)).toBe(true);
    }
    // Keras' formulas written out: GlorotUniform limit √(6 / (fanIn + fanOut)), HeNormal std √(2 / fanIn) / 0.8796…
    expect(varianceScalingRule(weight, VARIANCE_SCALING_PRESETS.GlorotUniform)).toEqual({ kind: "uniform", low: -Math.sqrt(6 / 500), high: Math.sqrt(6 / 500) });
    const he = varianceScalingRule(weight, VARIANCE_SCALING_PRESETS.HeNormal) as { std: number; low: number };
    expect(he.std).toBeCloseTo(Math.sqrt(2 / 300) / 0.87962566103423978, 15);
    expect(he.low).toBeCloseTo(-2 * he.std, 15);
  });

  it("refuses unknown modes and distributions with a did-you-mean, a scale <= 0 and settings on a preset", () => {
    const mode = errorOf(() => buildInitializer({ type: "VarianceScaling", mode: "fan_avrg" as "fan_avg" }, "initCfg[0]"));
    expect([mode.code, mode.path]).toEqual(["INITLIB_BAD_ARGUMENT", "initCfg[0].mode"]);
    expect(mode.hint).toContain("did you mean 'fan_avg'");
    const distribution = errorOf(() => buildInitializer({ type: "VarianceScaling", distribution: "truncated_norml" as "uniform" }, "initCfg[0]"));
    expect([distribution.path, distribution.hint]).toEqual(["initCfg[0].distribution", expect.stringContaining("did you mean 'truncated_normal'")]);
    expect(errorOf(() => buildInitializer({ type: "VarianceScaling", scale: 0 }, "initCfg[0]")).path).toBe("initCfg[0].scale");
    expect(errorOf(() => buildInitializer({ type: "HeNormal", scale: 3 } as never, "initCfg[0]")).path).toBe("initCfg[0].scale");
  });

  it("refuses a rank < 2 weight before anything is written", async () => {
    const weight = createHostParam([16], { path: "w" });
    await expect(heUniformInit({ weight })).rejects.toMatchObject({ code: "INITLIB_BAD_SHAPE" });
    expect(weight.history).toEqual([]);
  });
});

describe("TruncNormalTf (timm trunc_normal_tf_)", () => {
  it("cuts a standard normal at a, b in standard units, then scales and shifts", async () => {
    const weight = createHostParam([100, 400], { path: "vit.head.weight", seed: 4 });
    await truncNormalTfInit({ weight }, { mean: 0.1, std: 0.02, a: -1, b: 2 });
    const [low, high] = [0.1 - 0.02, 0.1 + 0.04];
    const { min, max } = sampleMoments(weight.data);
    expect(min).toBeGreaterThanOrEqual(Math.fround(low));
    expect(max).toBeLessThanOrEqual(Math.fround(high));
    const cdf = truncatedNormalCdf(0.1, 0.02, low, high);
    expect(kolmogorovSmirnovStatistic(weight.data, cdf)).toBeLessThan(kolmogorovSmirnovCritical(weight.data.length));
    expect(buildInitializer({ type: "TruncNormalTf", std: 0.02 }).info).toBe("TruncNormalTfInit: mean=0, std=0.02, a=-2, b=2, bias=0");
    expect(errorOf(() => buildInitializer({ type: "TruncNormalTf", a: 2, b: -2 }, "initCfg[0]")).path).toBe("initCfg[0].b");
  });
});
