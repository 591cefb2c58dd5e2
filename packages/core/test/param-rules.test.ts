import { encodeSafetensors } from "@initlib/checkpoint";
import { describe, expect, it } from "vitest";
import { BaseModule, explain, initialize, LayerNorm, Linear, Module, ModuleList, Parameter, silentLogger } from "../src/index";
import type { InitReport, ModuleInitCfg } from "../src/index";
import { rejectionOf } from "@initlib/initializers/testing";

class Attention extends Module {
  static override readonly typeName = "Attention";
  qkv = new Linear({ inFeatures: 4, outFeatures: 12 });
  proj = new Linear({ inFeatures: 4, outFeatures: 4 });
}

class Block extends Module {
  static override readonly typeName = "Block";
  attn = new Attention();
  norm = new LayerNorm({ normalizedShape: 4 });
}

class OwnRuleBlock extends BaseModule {
  static override readonly typeName = "OwnRuleBlock";
  attn = new Attention();
}

class Net extends BaseModule {
  static override readonly typeName = "Net";
  posEmbed = new Parameter([1, 4], { init: { kind: "constant", value: 0 } });
  blocks = new ModuleList([new Block(), new Block()]);
  head = new Linear({ inFeatures: 4, outFeatures: 2 });
  constructor(initCfg?: ModuleInitCfg) {
    super(initCfg);
  }
}

const read = async (model: Module, name: string): Promise<number[]> => {
  const parameter = model.namedParameters().find(([candidate]) => candidate === name)?.[1];
  if (!parameter) throw new Error(`no parameter ${name}`);
  return [...(await parameter.read())];
};
const constant = async (model: Module, name: string): Promise<number | "mixed"> => {
  const values = new Set(await read(model, name));
  return values.size === 1 ? [...values][0]! : "mixed";
};
const writer = (report: InitReport, name: string): string => report.parameters.find((parameter) => parameter.name === name)!.info;


describe("rules that select parameters (params)", () => {
  it("a glob writes exactly the parameters it names; the report lists what each rule matched and what no rule touched", async () => {
    const model = new Net({ type: "Constant", val: 2, params: "blocks.*.attn.proj.weight" });
    const report = await model.initWeights({ logger: silentLogger });
    expect(await constant(model, "blocks.0.attn.proj.weight")).toBe(2);
    expect(await constant(model, "blocks.1.attn.proj.weight")).toBe(2);
    expect(await constant(model, "blocks.0.attn.qkv.weight")).toBe("mixed");
    expect(writer(report, "blocks.0.attn.proj.bias")).toMatch(/The value is the same/);
    expect(report.rules).toEqual([
      {
        path: "Net.initCfg",
        info: "ConstantInit: val=2, bias=0",
        module: "",
        selection: "params=blocks.*.attn.proj.weight",
        matched: ["blocks.0.attn.proj.weight", "blocks.1.attn.proj.weight"],
        patterns: [{ pattern: "blocks.*.attn.proj.weight", matched: ["blocks.0.attn.proj.weight", "blocks.1.attn.proj.weight"] }],
      },
    ]);
    expect(report.untouched).toHaveLength(model.namedParameters().length - 2);
    expect(report.untouched).toContain("posEmbed");
    expect(report.untouched).not.toContain("blocks.1.attn.proj.weight");
    expect(report.warnings).toEqual([]);
  });

  it("gives a selected bias the rule's bias value and any other selected parameter the weight rule", async () => {
    const model = new Net([
      { type: "Constant", val: 3, bias: 0.5, params: "**.bias" },
      { type: "Normal", std: 0.02, params: ["posEmbed", "re:^head\\.weight$"] },
    ]);
    const report = await model.initWeights({ logger: silentLogger, seed: 1 });
    for (const [name] of model.namedParameters().filter(([name]) => name.endsWith(".bias"))) expect(await constant(model, name)).toBe(0.5);
    expect(await constant(model, "blocks.0.norm.weight")).toBe(1);
    expect(report.parameters.find((parameter) => parameter.name === "posEmbed")!.rule).toEqual({ kind: "normal", mean: 0, std: 0.02 });
    expect(writer(report, "head.weight")).toBe("NormalInit: mean=0, std=0.02, bias=0");
    // head.bias was selected by the first rule only: the second rule's patterns do not name it.
    expect(writer(report, "head.bias")).toBe("ConstantInit: val=3, bias=0.5");
  });

  it("never plans a parameter it does not select: Xavier on attention weights passes where a whole-module override fails", async () => {
    const selected = new Net({ type: "Xavier", params: "**.attn.*.weight" });
    await selected.initWeights({ logger: silentLogger });
    expect(await constant(selected, "blocks.0.norm.weight")).toBe(1);
    const whole = new Net({ type: "Xavier", override: { name: "blocks" } });
    const error = await rejectionOf(whole.initWeights({ logger: silentLogger }));
    expect(error.code).toBe("INITLIB_BAD_SHAPE");
  });

  it("narrows by layer when both are given", async () => {
    const model = new Net({ type: "Constant", val: 5, bias: 6, layer: "LayerNorm", params: "**.weight" });
    const report = await model.initWeights({ logger: silentLogger });
    expect(await constant(model, "blocks.1.norm.weight")).toBe(5);
    expect(await constant(model, "blocks.1.norm.bias")).toBe(0);
    expect(writer(report, "head.weight")).toMatch(/The value is the same/);
    expect(report.rules[0]!.selection).toBe("params=**.weight & layer=LayerNorm");
    const none = await new Net({ type: "Constant", val: 5, layer: "Conv2d", params: "**.weight" }).initWeights({ logger: silentLogger });
    expect(none.warnings.join("\n")).toMatch(/Net\.initCfg \(ConstantInit.*\) wrote nothing/);
  });
});

describe("precedence of params rules (MMEngine's order)", () => {
  it("later rules win, whether they select by layer or by params", async () => {
    const byParamsLast = new Net([
      { type: "Constant", val: 1, layer: "Linear" },
      { type: "Constant", val: 2, params: "**.proj.weight" },
    ]);
    const report = await byParamsLast.initWeights({ logger: silentLogger });
    expect(await constant(byParamsLast, "blocks.0.attn.proj.weight")).toBe(2);
    expect(await constant(byParamsLast, "blocks.0.attn.qkv.weight")).toBe(1);
    expect(report.parameters.find((parameter) => parameter.name === "blocks.0.attn.proj.weight")!.history).toEqual([
      "ConstantInit: val=1, bias=0",
      "ConstantInit: val=2, bias=0",
    ]);
    const byLayerLast = new Net([
      { type: "Constant", val: 2, params: "**.proj.weight" },
      { type: "Constant", val: 1, layer: "Linear" },
    ]);
    await byLayerLast.initWeights({ logger: silentLogger });
    expect(await constant(byLayerLast, "blocks.0.attn.proj.weight")).toBe(1);
  });

  it("an override runs right after its own entry, so a later params rule overwrites it and an earlier one is overwritten", async () => {
    const override = { name: "head", type: "Constant", val: 3, bias: 4 } as const;
    const paramsAfter = new Net([
      { type: "Constant", val: 1, layer: "Linear", override },
      { type: "Constant", val: 9, params: "head.weight" },
    ]);
    const after = await paramsAfter.initWeights({ logger: silentLogger });
    expect(await constant(paramsAfter, "head.weight")).toBe(9);
    expect(await constant(paramsAfter, "head.bias")).toBe(4);
    expect(after.rules.map((rule) => rule.path)).toEqual(["Net.initCfg[0]", "Net.initCfg[0].override", "Net.initCfg[1]"]);
    const paramsBefore = new Net([
      { type: "Constant", val: 9, params: "head.weight" },
      { type: "Constant", val: 1, layer: "Linear", override },
    ]);
    await paramsBefore.initWeights({ logger: silentLogger });
    expect(await constant(paramsBefore, "head.weight")).toBe(3);
  });

  it("a child's own init_cfg runs after the parent's params rules, and Pretrained runs last", async () => {
    class Outer extends BaseModule {
      static override readonly typeName = "Outer";
      inner = new OwnRuleBlock({ type: "Constant", val: 7, layer: "Linear" });
      head = new Linear({ inFeatures: 2, outFeatures: 2 });
      constructor(initCfg?: ModuleInitCfg) {
        super(initCfg);
      }
    }
    const checkpoint = encodeSafetensors({
      "head.weight": { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] },
      "head.bias": { data: new Float32Array([5, 6]), shape: [2] },
    });
    const model = new Outer([
      { type: "Pretrained", checkpoint },
      { type: "Constant", val: 2, params: ["inner.attn.proj.weight", "head.*"] },
    ]);
    const report = await model.initWeights({ logger: silentLogger });
    expect(await constant(model, "inner.attn.proj.weight")).toBe(7);
    expect(await read(model, "head.weight")).toEqual([1, 2, 3, 4]);
    expect(await read(model, "head.bias")).toEqual([5, 6]);
    expect(report.rules.map((rule) => [rule.path, rule.selection])).toEqual([
      ["Outer.initCfg[1]", "params=inner.attn.proj.weight, head.*"],
      ["Outer.inner.initCfg", "layer=Linear"],
      ["Outer.initCfg[0]", "checkpoint"],
    ]);
  });

  it("names are relative to the module whose init_cfg holds the rule", async () => {
    class Outer extends BaseModule {
      static override readonly typeName = "Outer";
      inner = new OwnRuleBlock({ type: "Constant", val: 4, params: "attn.*.bias" } as ModuleInitCfg);
      constructor(initCfg?: ModuleInitCfg) {
        super(initCfg);
      }
    }
    const model = new Outer();
    const report = await model.initWeights({ logger: silentLogger });
    expect(await constant(model, "inner.attn.qkv.bias")).toBe(0);
    expect(report.rules).toMatchObject([
      { path: "Outer.inner.initCfg", module: "inner", matched: ["inner.attn.qkv.bias", "inner.attn.proj.bias"], patterns: [{ pattern: "attn.*.bias", matched: ["attn.qkv.bias", "attn.proj.bias"] }] },
    ]);
    const absolute = await new Outer([{ type: "Constant", val: 1, params: "inner.attn.qkv.weight" }]).initWeights({ logger: silentLogger });
    expect(absolute.rules[0]!.matched).toEqual(["inner.attn.qkv.weight"]);
  });

  it("initialize(module, cfg) applies params rules in list order too", async () => {
    const model = new Net();
    const report = await initialize(model, [
      { type: "Constant", val: 1, params: "**" },
      { type: "Constant", val: 2, params: "re:norm" },
    ]);
    expect(await constant(model, "posEmbed")).toBe(1);
    expect(await constant(model, "blocks.0.norm.weight")).toBe(2);
    expect(await constant(model, "blocks.0.norm.bias")).toBe(0);
    expect(report.untouched).toEqual([]);
  });
});

describe("bad params", () => {
  it("a pattern that matches nothing is a warning naming it, and an error under strict before anything is written", async () => {
    const cfg: ModuleInitCfg = { type: "Constant", val: 2, params: ["**.bias", "blocks.*.atn.proj.weight"] };
    const report = await new Net(cfg).initWeights({ logger: silentLogger });
    expect(report.warnings).toEqual([
      "Net.initCfg.params[1] 'blocks.*.atn.proj.weight' matches no parameter of Net (names are relative to the module whose init_cfg holds the rule)",
    ]);
    const strict = new Net(cfg);
    const error = await rejectionOf(strict.initWeights({ logger: silentLogger, strict: true }));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("Net.initCfg.params[1]");
    expect(error.summary).toContain("blocks.*.atn.proj.weight");
    for (const parameter of strict.parameters()) expect(parameter.isMaterialized).toBe(false);
    expect(strict.isInit).toBe(false);
  });

  it("an invalid regular expression, params in an override or on Pretrained: coded errors, all reported, nothing written", async () => {
    const model = new Net([
      { type: "Constant", val: 1, params: ["re:(a)\\1", "re:[z-a]"] },
      { type: "Constant", val: 1, layer: "Linear", override: { name: "head", type: "Constant", val: 2, params: "weight" } as never },
      { type: "Pretrained", checkpoint: new Uint8Array(8), params: "**" } as never,
    ]);
    const error = await rejectionOf(model.initWeights({ logger: silentLogger }));
    expect(error.code).toBe("INITLIB_INVALID_CONFIG");
    expect(error.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["INITLIB_BAD_CONFIG", "Net.initCfg[0].params[0]"],
      ["INITLIB_BAD_CONFIG", "Net.initCfg[0].params[1]"],
      ["INITLIB_BAD_CONFIG", "Net.initCfg[1].override.params"],
      ["INITLIB_BAD_CONFIG", "Net.initCfg[2].params"],
    ]);
    expect(error.message).toMatch(/back-references/);
    for (const parameter of model.parameters()) expect(parameter.isMaterialized).toBe(false);
  });
});

describe("explain", () => {
  it("shows per rule what it matched and the parameters no rule touches", async () => {
    const model = new Net([
      { type: "Kaiming", layer: "Linear" },
      { type: "TruncNormal", std: 0.02, params: ["posEmbed", "**.nothing"] },
    ]);
    const plan = await explain(model, { print: false });
    expect(plan.rules.map((rule) => rule.matched.length)).toEqual([10, 1]);
    expect(plan.untouched).toEqual(["blocks.0.norm.weight", "blocks.0.norm.bias", "blocks.1.norm.weight", "blocks.1.norm.bias"]);
    expect(plan.text).toContain("rules, in the order they run (a later rule overwrites an earlier one):");
    expect(plan.text).toContain("  Net.initCfg[1]: TruncNormalInit: a=-2, b=2, mean=0, std=0.02, bias=0 [params=posEmbed, **.nothing]");
    expect(plan.text).toContain("    'posEmbed' matches 1: posEmbed");
    expect(plan.text).toContain("    '**.nothing' matches nothing");
    expect(plan.text).toContain("untouched by any rule (default values): 4: blocks.0.norm.weight, blocks.0.norm.bias, blocks.1.norm.weight, blocks.1.norm.bias");
    expect(plan.warnings.join("\n")).toContain("'**.nothing' matches no parameter");
    for (const parameter of model.parameters()) expect(parameter.isMaterialized).toBe(false);
  });
});
