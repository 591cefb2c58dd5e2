import { describe, expect, it } from "vitest";
import { BaseModule, Conv2d, explain, LayerNorm, Linear } from "./index";
import { describeRule, ruleStatistics } from "./internal";

class Net extends BaseModule {
  static override readonly typeName = "Net";
  conv = new Conv2d({ inChannels: 3, outChannels: 8, kernelSize: 3 });
  norm = new LayerNorm({ normalizedShape: 8 });
  head = new Linear({ inFeatures: 8, outFeatures: 4 });
}

describe("explain", () => {
  it("plans every parameter with rule, fans and std, allocating nothing", async () => {
    const model = new Net([
      { type: "Kaiming", mode: "fan_in", layer: "Conv2d" },
      { type: "TruncNormal", std: 0.02, layer: "Linear" },
    ]);
    const plan = await explain(model, { print: false });
    const conv = plan.parameters.find((p) => p.name === "conv.weight")!;
    expect(conv.fans).toEqual({ fanIn: 27, fanOut: 72 });
    expect(conv.std).toBeCloseTo(Math.sqrt(2 / 27), 12);
    expect(conv.info).toBe("KaimingInit: a=0, mode=fan_in, nonlinearity=relu, distribution =normal, bias=0");
    const head = plan.parameters.find((p) => p.name === "head.weight")!;
    expect(head.bounds).toEqual([-2, 2]);
    expect(head.std).toBeCloseTo(0.02, 10);
    const norm = plan.parameters.find((p) => p.name === "norm.weight")!;
    expect(norm.written).toBe(false);
    expect(norm.rule).toEqual({ kind: "constant", value: 1 });
    expect(plan.text).toContain("conv.weight");
    expect(plan.text).toContain("N(0, 0.2722²)");
    for (const parameter of model.parameters()) expect(parameter.isMaterialized).toBe(false);
  });

  it("computes the spread of each rule", () => {
    expect(ruleStatistics({ kind: "uniform", low: -1, high: 1 }).std).toBeCloseTo(1 / Math.sqrt(3), 12);
    // N(0, 1) truncated at ±2 has std 0.8796 (function_cases.samples of the reference).
    expect(ruleStatistics({ kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 }).std).toBeCloseTo(0.87962, 4);
    expect(ruleStatistics({ kind: "constant", value: 3 })).toEqual({ std: 0, bounds: [3, 3] });
    expect(describeRule({ kind: "uniform", low: -0.125, high: 0.125 })).toBe("U(-0.125, 0.125)");
    expect(describeRule(undefined)).toBe("unchanged");
  });
});
