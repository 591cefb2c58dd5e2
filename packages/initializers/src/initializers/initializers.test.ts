import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { batchNorm2d, container, conv2d, FakeModule, linear, relu } from "../../test/fake-module";
import { errorOf } from "../error-of";
import { createHostParam } from "../host-param";
import { FEWER_THAN_TWO_DIMENSIONS_MESSAGE } from "../math/compute-fans";
import type { ParamLike } from "../param-like";
import { BaseInit } from "./base-init";
import { Caffe2XavierInit } from "./caffe2-xavier";
import { ConstantInit } from "./constant";
import { KaimingInit } from "./kaiming";
import { NormalInit } from "./normal";
import { TruncNormalInit } from "./trunc-normal";
import { UniformInit } from "./uniform";
import { XavierInit } from "./xavier";

function tensorsOf(plan: { writes: readonly { tensor: ParamLike }[] }): ParamLike[] {
  return plan.writes.map((write) => write.tensor);
}

describe("info strings (SEMANTICS §7)", () => {
  it("prints MMEngine's format for every initializer", () => {
    expect(new ConstantInit({ val: 1, bias: 2 }).info).toBe("ConstantInit: val=1, bias=2");
    expect(new XavierInit({ gain: 2, distribution: "uniform", bias: 0.1 }).info).toBe("XavierInit: gain=2, distribution=uniform, bias=0.1");
    expect(new NormalInit({ std: 0.01 }).info).toBe("NormalInit: mean=0, std=0.01, bias=0");
    expect(new TruncNormalInit({ std: 0.02 }).info).toBe("TruncNormalInit: a=-2, b=2, mean=0, std=0.02, bias=0");
    expect(new UniformInit({ a: -1e-5, b: 1e-5 }).info).toBe("UniformInit: a=-1e-05, b=1e-05, bias=0");
    expect(new KaimingInit().info).toBe("KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0");
    expect(new Caffe2XavierInit().info).toBe(
      "Caffe2XavierInit: a=1, mode=fan_in, nonlinearity=leaky_relu, distribution =uniform, bias=0",
    );
  });

  it("prints the mode as given and marks std-unit bounds", () => {
    expect(new KaimingInit({ mode: "FAN_IN" }).info).toBe("KaimingInit: a=0, mode=FAN_IN, nonlinearity=relu, distribution =normal, bias=0");
    expect(new TruncNormalInit({ std: 0.02, boundsIn: "std" }).info).toBe(
      "TruncNormalInit: a=-2, b=2, mean=0, std=0.02, bias=0, boundsIn=std",
    );
  });

  it("uses biasProb over bias, printing -0.0 for 0.5 (bias_prob_focal_style)", () => {
    expect(new NormalInit({ std: 0.01, biasProb: 0.01, layer: "Conv2d" }).info).toBe("NormalInit: mean=0, std=0.01, bias=-4.59511985013459");
    const constant = new ConstantInit({ val: 0, bias: 3, biasProb: 0.5, layer: "Linear" });
    expect(constant.info).toBe("ConstantInit: val=0, bias=-0.0");
    expect(Object.is(constant.bias, -0)).toBe(true);
  });

  it("prints a user subclass under its own literal name, and BaseInit's own format", () => {
    class ScaledNormalInit extends NormalInit {
      static override readonly initializerName = "ScaledNormalInit";
    }
    expect(new ScaledNormalInit({ std: 2 }).info).toBe("ScaledNormalInit: mean=0, std=2, bias=0");
    class ZeroInit extends BaseInit {
      static override readonly initializerName = "BaseInit";
      weightRule() {
        return { kind: "constant", value: 0 } as const;
      }
    }
    expect(new ZeroInit().info).toBe("BaseInit, bias=0");
  });
});

describe("layer matching and plans", () => {
  it("matches the class name or a direct base only, in post-order, and writes nothing while planning", async () => {
    const first = conv2d(2, 3, 3);
    const second = linear(4, 2);
    const norm = batchNorm2d(3);
    const root = container("ToyNet", [["conv", first], ["norm", norm], ["head", container("Head", [["fc", second]])]]);
    const byBase = new ConstantInit({ val: 1, bias: 1, layer: "_ConvNd" }).plan(root);
    expect(tensorsOf(byBase)).toEqual([first.weight, first.bias]);
    expect(byBase.writes.map((write) => write.rule)).toEqual([
      { kind: "constant", value: 1 },
      { kind: "constant", value: 1 },
    ]);
    expect(byBase.writes.every((write) => write.info === "ConstantInit: val=1, bias=1")).toBe(true);
    const byList = new NormalInit({ layer: ["Linear", "BatchNorm2d"] }).plan(root);
    expect(tensorsOf(byList)).toEqual([norm.weight, norm.bias, second.weight, second.bias]);
    // 'Module' is a direct base of Linear but not of Conv2d or BatchNorm2d.
    expect(tensorsOf(new NormalInit({ layer: "Module" }).plan(root))).toEqual([second.weight, second.bias]);
    expect(first.weight!.history).toEqual([]);
    expect(first.weight!.data.every((value) => value === 0)).toBe(true);
  });

  it("raises torch's rank error at plan time when a matched weight is 1-D", () => {
    const root = container("ToyNet", [["norm", batchNorm2d(3)]]);
    let caught: unknown;
    try {
      new XavierInit({ layer: "_BatchNorm" }).plan(root);
    } catch (error) {
      caught = error;
    }
    expect(InitlibError.isInstance(caught)).toBe(true);
    expect((caught as InitlibError).summary).toBe(FEWER_THAN_TWO_DIMENSIONS_MESSAGE);
    expect((caught as InitlibError).message).toContain("BatchNorm2d");
  });

  it("does nothing without layer, and everything with a weight or bias in whole-module mode", () => {
    const first = conv2d(2, 3, 3);
    const second = linear(4, 2, { bias: false });
    const norm = batchNorm2d(3);
    const root = container("ToyNet", [["conv", first], ["act", relu()], ["fc", second], ["norm", norm]]);
    const initializer = new ConstantInit({ val: 2, layer: "Conv2d" });
    expect(new ConstantInit({ val: 2 }).plan(root).writes).toEqual([]);
    initializer.matchesEveryModule = true;
    expect(tensorsOf(initializer.plan(root))).toEqual([first.weight, first.bias, second.weight, norm.weight, norm.bias]);
  });

  it("plans the weight's rule then the bias constant, for each built-in", () => {
    const layer = conv2d(32, 64, 3);
    const root = container("Net", [["conv", layer]]);
    const rules = (initializer: BaseInit) => initializer.plan(root).writes.map((write) => write.rule);
    const kaimingStd = Math.SQRT2 / Math.sqrt(64 * 9);
    expect(rules(new KaimingInit({ layer: "Conv2d", bias: 0.5 }))).toEqual([
      { kind: "normal", mean: 0, std: kaimingStd },
      { kind: "constant", value: 0.5 },
    ]);
    const bound = Math.sqrt(3 / (32 * 9));
    expect(rules(new Caffe2XavierInit({ layer: "Conv2d" }))[0]).toEqual({ kind: "uniform", low: -bound, high: bound });
    expect(rules(new UniformInit({ a: -1, b: 2, layer: "Conv2d" }))[0]).toEqual({ kind: "uniform", low: -1, high: 2 });
    expect(rules(new TruncNormalInit({ std: 0.02, boundsIn: "std", layer: "Conv2d" }))[0]).toEqual({
      kind: "truncNormal",
      mean: 0,
      std: 0.02,
      low: -0.04,
      high: 0.04,
    });
    const xavierStd = Math.sqrt(2 / (32 * 9 + 64 * 9));
    expect(rules(new XavierInit({ layer: "Conv2d" }))[0]).toEqual({ kind: "normal", mean: 0, std: xavierStd });
  });

  it("uses the declared layout for fans (a tfjs HWIO kernel gets the torch fans)", () => {
    const torchLayer = new FakeModule({ typeName: "Conv2d", weight: createHostParam([8, 4, 3, 3], { layout: "OIHW" }) });
    const tfjsLayer = new FakeModule({ typeName: "Conv2d", weight: createHostParam([3, 3, 4, 8], { layout: "HWIO" }) });
    const kaiming = new KaimingInit({ layer: "Conv2d", mode: "fan_in" });
    expect(kaiming.plan(tfjsLayer).writes[0]!.rule).toEqual(kaiming.plan(torchLayer).writes[0]!.rule);
  });

  it("reports torch's warnings in the plan's logs", () => {
    const empty = new FakeModule({ typeName: "Linear", weight: createHostParam([0, 4]), bias: createHostParam([0]) });
    const kaimingPlan = new KaimingInit({ layer: "Linear" }).plan(empty);
    expect(kaimingPlan.logs).toEqual([{ level: "warning", message: "Initializing zero-element tensors is a no-op" }]);
    expect(tensorsOf(kaimingPlan)).toEqual([empty.bias]);
    const far = new TruncNormalInit({ mean: 5, a: -1, b: 1, layer: "Linear" }).plan(linear(2, 2));
    expect(far.logs[0]!.message).toContain("mean is more than 2 std from [a, b]");
  });
});

describe("argument errors, all raised at construction", () => {
  const cases: [string, () => unknown, string][] = [
    ["unknown key with the closest name", () => new NormalInit({ stdd: 1 } as object), "stdd"],
    ["unknown key of another initializer", () => new ConstantInit({ val: 1, mode: "fan_in" } as never), "mode"],
    ["snake_case key not normalized", () => new NormalInit({ bias_prob: 0.1 } as object), "bias_prob"],
    ["missing val", () => new ConstantInit({} as never), "val"],
    ["val not a number", () => new ConstantInit({ val: "1" as unknown as number }), "val"],
    ["non-finite val", () => new ConstantInit({ val: Infinity }), "val"],
    ["non-finite bias", () => new ConstantInit({ val: 1, bias: Number.NaN }), "bias"],
    ["bias not a number", () => new ConstantInit({ val: 1, bias: "0.5" as unknown as number }), "bias"],
    ["biasProb 0", () => new NormalInit({ biasProb: 0 }), "biasProb"],
    ["biasProb 1", () => new NormalInit({ biasProb: 1 }), "biasProb"],
    ["biasProb above 1", () => new NormalInit({ biasProb: 1.5 }), "biasProb"],
    ["layer a number", () => new NormalInit({ layer: 3 as unknown as string }), "layer"],
    ["layer a list with a number", () => new NormalInit({ layer: ["Conv2d", 3] as unknown as string[] }), "layer"],
    ["std < 0", () => new NormalInit({ std: -0.1 }), "std"],
    ["trunc std 0", () => new TruncNormalInit({ std: 0 }), "std"],
    ["trunc a > b", () => new TruncNormalInit({ a: 1, b: -1 }), "b"],
    ["trunc non-finite bound", () => new TruncNormalInit({ b: Infinity }), "b"],
    ["trunc unknown convention", () => new TruncNormalInit({ boundsIn: "sigma" as "std" }), "boundsIn"],
    ["uniform a > b", () => new UniformInit({ a: 1, b: 0 }), "b"],
    ["xavier distribution", () => new XavierInit({ distribution: "gaussian" as "normal" }), "distribution"],
    ["xavier negative gain", () => new XavierInit({ gain: -1 }), "gain"],
    ["kaiming mode", () => new KaimingInit({ mode: "fan_avg" as "fan_in" }), "mode"],
    ["kaiming nonlinearity", () => new KaimingInit({ nonlinearity: "gelu" as "relu" }), "nonlinearity"],
    ["kaiming distribution", () => new KaimingInit({ distribution: "truncated" as "normal" }), "distribution"],
    ["kaiming non-finite a", () => new KaimingInit({ a: Number.NaN }), "a"],
    ["caffe2 fixed a", () => new Caffe2XavierInit({ a: 1 } as object), "a"],
    ["caffe2 fixed mode", () => new Caffe2XavierInit({ mode: "fan_in" } as object), "mode"],
    ["args not an object", () => new NormalInit("std" as never), ""],
  ];

  it.each(cases)("%s", (_label, build, path) => {
    let caught: unknown;
    try {
      build();
    } catch (error) {
      caught = error;
    }
    expect(InitlibError.isInstance(caught)).toBe(true);
    const error = caught as InitlibError;
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(error.path ?? "").toBe(path);
    expect(error.expected).toBeTruthy();
  });

  it("names both bounds when they are reversed, and accepts equal bounds", () => {
    for (const build of [() => new UniformInit({ a: 1, b: 0.5 }), () => new TruncNormalInit({ a: 1, b: 0.5 })]) {
      const error = errorOf(build);
      expect(error.message).toContain("the bounds are reversed: a=1 > b=0.5");
      expect(error.received).toEqual({ a: 1, b: 0.5 });
      expect(error.hint).toBe("swap a and b");
    }
    expect(new UniformInit({ a: 0.5, b: 0.5 }).info).toBe("UniformInit: a=0.5, b=0.5, bias=0");
  });

  it("names the closest accepted key and the supported values", () => {
    const message = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    };
    expect(message(() => new NormalInit({ stdd: 1 } as object))).toContain("did you mean 'std'?");
    expect(message(() => new NormalInit({ bias_prob: 0.1 } as object))).toContain("did you mean 'biasProb'?");
    expect(message(() => new KaimingInit({ nonlinearity: "leaky_rel" as "relu" }))).toContain("did you mean 'leaky_relu'?");
    expect(message(() => new KaimingInit({ mode: "fan_avg" as "fan_in" }))).toContain("'fan_in' or 'fan_out'");
  });

  it("validates argument values even when nothing will match (unlike MMEngine)", () => {
    expect(() => new KaimingInit({ layer: "NoSuchLayer", mode: "fan_avg" as "fan_in" })).toThrow(/mode/);
  });

  it("accepts the mode in any case, as torch lower-cases it", () => {
    const kaiming = new KaimingInit({ mode: "FAN_IN", layer: "Linear" });
    const rule = kaiming.plan(linear(400, 300)).writes[0]!.rule;
    expect(rule).toEqual({ kind: "normal", mean: 0, std: Math.SQRT2 / 20 });
  });
});
