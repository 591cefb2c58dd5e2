import { describe, expect, it } from "vitest";
import { createHostBackend } from "@initlib/initializers";
import { createCountingBackend } from "../test/helpers";
import {
  BaseModule,
  BatchNorm2d,
  Conv2d,
  createCapturingLogger,
  initialize,
  Linear,
  Module,
  Parameter,
  Sequential,
  silentLogger,
} from "./index";
import type { ModuleInitCfg } from "./index";

class ToyConv extends Module {
  static override readonly typeName = "ToyConv";
  static override readonly typeBases = ["Module"];
  customWeight = new Parameter([2, 2], { init: { kind: "constant", value: 0.3 } });
  seen: number[] = [];
  failWith: Error | undefined;
  async initWeights(): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.seen = [...(await this.customWeight.read())];
    await this.customWeight.set(this.seen.map((v) => v * 2));
  }
}

class ToyNet extends BaseModule {
  static override readonly typeName = "ToyNet";
  static override readonly typeBases = ["BaseModule"];
  conv1 = new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3 });
  bn = new BatchNorm2d({ numFeatures: 4 });
  head = new Linear({ inFeatures: 4, outFeatures: 2 });
  toy = new ToyConv();
  constructor(initCfg?: ModuleInitCfg) {
    super(initCfg);
  }
}

const values = async (module: Module): Promise<Record<string, number[]>> => {
  const out: Record<string, number[]> = {};
  for (const [name, parameter] of module.namedParameters()) out[name] = [...(await parameter.read())];
  return out;
};

describe("BaseModule.initWeights", () => {
  it("writes each tensor once, by its last writer, and records the history", async () => {
    const backend = createCountingBackend();
    const model = new ToyNet([
      { type: "Constant", val: 1, layer: "Conv2d" },
      { type: "Constant", val: 2, layer: "Conv2d" },
    ]);
    const report = await model.initWeights({ backend, logger: silentLogger });
    const tensors = [...model.stateEntries()].length;
    expect(backend.counts.allocate).toBe(tensors);
    // One extra write: ToyConv's own initWeights reads its parameter, which flushes the value planned so far.
    expect(backend.counts.write + backend.counts.fill).toBe(tensors + 1);
    expect(backend.live()).toBe(tensors);
    expect(new Set(await model.conv1.weight.read())).toEqual(new Set([2]));
    const conv = report.parameters.find((p) => p.name === "conv1.weight")!;
    expect(conv.history).toEqual(["ConstantInit: val=1, bias=0", "ConstantInit: val=2, bias=0"]);
    expect(conv.info).toBe("ConstantInit: val=2, bias=0");
    const head = report.parameters.find((p) => p.name === "head.weight")!;
    expect(head.info).toBe("The value is the same before and after calling `init_weights` of ToyNet ");
    expect(head.written).toBe(false);
    expect(model.isInit).toBe(true);
  });

  it("lets user-defined code read the values planned so far and labels its writes", async () => {
    const model = new ToyNet({ type: "Constant", val: 5, layer: "ToyConv", override: { name: "toy", type: "Constant", val: 0.5 } });
    // ToyConv has no `weight`, so the layer entry writes nothing; its parameter starts at 0.3.
    const report = await model.initWeights({ logger: silentLogger });
    expect(model.toy.seen).toEqual([0.30000001192092896, 0.30000001192092896, 0.30000001192092896, 0.30000001192092896]);
    expect([...(await model.toy.customWeight.read())]).toEqual(new Array(4).fill(Math.fround(0.6)));
    const entry = report.parameters.find((p) => p.name === "toy.customWeight")!;
    expect(entry.info).toBe("Initialized by user-defined `init_weights` in ToyConv ");
    expect(report.warnings.some((w) => w.includes("matched no module"))).toBe(true);
  });

  it("is reproducible from (seed, path) alone", async () => {
    const first = new ToyNet({ type: "Kaiming", layer: "Conv2d" });
    const second = new ToyNet({ type: "Kaiming", layer: "Conv2d" });
    second.head = new Linear({ inFeatures: 4, outFeatures: 2 });
    await first.initWeights({ seed: 7, logger: silentLogger });
    await second.initWeights({ seed: 7, logger: silentLogger });
    expect(await values(second)).toEqual(await values(first));
    const third = new ToyNet({ type: "Kaiming", layer: "Conv2d" });
    await third.initWeights({ seed: 8, logger: silentLogger });
    expect((await values(third))["conv1.weight"]).not.toEqual((await values(first))["conv1.weight"]);
  });

  it("changes nothing when the backend fails mid-write, and a retry is a first call", async () => {
    const cfg: ModuleInitCfg = [{ type: "Normal", std: 0.01, layer: ["Linear", "Conv2d"] }];
    const model = new ToyNet(cfg);
    const failing = createCountingBackend({ failAtWrite: 5 });
    await expect(model.initWeights({ backend: failing, seed: 1, logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_BACKEND_FAILURE" });
    for (const parameter of model.parameters()) expect(parameter.isMaterialized).toBe(false);
    expect(model.isInit).toBe(false);
    expect(failing.live()).toBe(0);
    const logger = createCapturingLogger();
    const report = await model.initWeights({ backend: createHostBackend(), seed: 1, logger });
    const fresh = new ToyNet(cfg);
    await fresh.initWeights({ seed: 1, logger: silentLogger });
    expect(await values(model)).toEqual(await values(fresh));
    expect(report.parameters.length).toBe(model.parameters().length);
    expect(logger.records.filter((r) => r.level === "info")).toHaveLength(report.parameters.length);
  });

  it("changes nothing when user-defined code throws, after an earlier successful call", async () => {
    const model = new ToyNet({ type: "Constant", val: 1, layer: "Linear" });
    await model.initWeights({ seed: 2, logger: silentLogger });
    const before = await values(model);
    const historyLength = model.head.weight.history.length;
    model.isInit = false;
    model.head.weight.set(new Float32Array(8).fill(4)); // written now, outside a call
    const afterManual = await values(model);
    model.toy.failWith = new Error("boom");
    const error = await model.initWeights({ logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INITLIB_USER_INIT_FAILED", path: "toy" });
    expect((error as Error).cause).toBe(model.toy.failWith);
    expect(await values(model)).toEqual(afterManual);
    expect(model.isInit).toBe(false);
    expect(before["head.weight"]).toEqual(new Array(8).fill(1));
    expect(model.head.weight.history.length).toBe(historyLength + 1);
  });

  it("restores a parameter that user code replaced, and reports MMEngine's message", async () => {
    class Replacer extends Module {
      static override readonly typeName = "Replacer";
      w = new Parameter([2]);
      async initWeights(): Promise<void> {
        this.w = new Parameter([2], { init: { kind: "constant", value: 1 } });
      }
    }
    const model = new ToyNet();
    const replacer = new Replacer();
    const original = replacer.w;
    Object.assign(model, { extra: replacer });
    await expect(model.initWeights({ logger: silentLogger })).rejects.toThrow(/Find a new Parameter named `w`/);
    expect(replacer.w).toBe(original);
    class Adder extends Module {
      static override readonly typeName = "Adder";
      async initWeights(): Promise<void> {
        Object.assign(this, { extra: new Parameter([1]) });
      }
    }
    const adder = new Adder();
    const other = new ToyNet();
    Object.assign(other, { adder });
    await expect(other.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_USER_INIT_FAILED" });
    expect(Object.keys(adder)).not.toContain("extra");
  });

  it("validates overrides before anything runs, naming the config path", async () => {
    const missing = new ToyNet([{ type: "Constant", val: 1, layer: "Linear" }, { type: "Constant", val: 1, override: [{ name: "nope", type: "Constant", val: 2 }] }]);
    await expect(missing.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_MISSING_MODULE", path: "ToyNet.initCfg[1].override[0].name" });
    const parameter = new ToyNet({ type: "Constant", val: 1, override: { name: "head.weight", type: "Constant", val: 2 } });
    await expect(parameter.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG", path: "ToyNet.initCfg.override.name" });
    const noName = new ToyNet({ type: "Constant", val: 1, override: { type: "Constant", val: 2 } } as never);
    await expect(noName.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
    const bad = new ToyNet("Constant" as never);
    await expect(bad.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG", path: "ToyNet.initCfg" });
    for (const model of [missing, parameter, noName, bad]) for (const p of model.parameters()) expect(p.isMaterialized).toBe(false);
  });

  it("accepts dotted override names and snake_case keys, and deep-copies the config", async () => {
    const inner = new Sequential([new Linear({ inFeatures: 2, outFeatures: 2 })]);
    const cfg = { type: "Constant", val: 1, override: { name: "stages.0", type: "Constant", val: 3, bias_prob: 0.01 } };
    const model = new BaseModule(cfg as never);
    Object.assign(model, { stages: inner });
    cfg.override.val = 99;
    await model.initWeights({ logger: silentLogger });
    const linear = inner.at(0) as Linear;
    expect([...(await linear.weight.read())]).toEqual([3, 3, 3, 3]);
    expect((await linear.bias!.read())[0]).toBeCloseTo(-4.59511985013459, 5);
  });

  it("warns where MMEngine is silent, and on a second call", async () => {
    const logger = createCapturingLogger();
    const model = new ToyNet([{ type: "Constant", val: 1 }, { type: "Constant", val: 1, layer: "GRU" }]);
    const first = await model.initWeights({ logger });
    expect(first.warnings.some((w) => w.includes("neither `layer` nor `override`"))).toBe(true);
    expect(first.warnings.some((w) => w.includes("matched no module"))).toBe(true);
    expect(logger.records.find((r) => r.level === "debug")).toEqual({ level: "debug", message: "initialize ToyNet with init_cfg [{'type': 'Constant', 'val': 1}, {'type': 'Constant', 'val': 1, 'layer': 'GRU'}]" });
    const second = await model.initWeights({ logger });
    expect(second.warnings).toEqual(["init_weights of ToyNet has been called more than once."]);
    expect(second.parameters.every((p) => p.info.startsWith("The value is the same"))).toBe(true);
    expect(logger.records.at(-1)!.message).toBe("\ntoy.customWeight - torch.Size([2, 2]): \nThe value is the same before and after calling `init_weights` of ToyNet  \n ");
  });

  it("plans without allocating in a dry run", async () => {
    const backend = createCountingBackend();
    const model = new ToyNet({ type: "Kaiming", layer: "Conv2d", mode: "fan_in" });
    const logger = createCapturingLogger();
    const plan = await model.planInitWeights({ backend, logger });
    expect(backend.counts.allocate).toBe(0);
    expect(logger.records.filter((r) => r.level === "info")).toEqual([]);
    expect(plan.dryRun).toBe(true);
    expect(plan.parameters.find((p) => p.name === "conv1.weight")!.rule).toMatchObject({ kind: "normal", std: Math.sqrt(2 / 27) });
    expect(plan.warnings.some((w) => w.includes("ToyConv") && w.includes("not run"))).toBe(true);
    expect(model.isInit).toBe(false);
  });

  it("re-initializes materialized parameters on their backend and frees the old storage", async () => {
    const backend = createCountingBackend();
    const model = new ToyNet({ type: "Constant", val: 1, layer: "Linear" });
    await model.initWeights({ backend, logger: silentLogger });
    const live = backend.live();
    model.isInit = false;
    model.initCfg = { type: "Constant", val: 2, layer: "Linear" };
    await model.initWeights({ logger: silentLogger });
    expect(backend.live()).toBe(live);
    expect(model.head.weight.backend).toBe(backend);
    expect(new Set(await model.head.weight.read())).toEqual(new Set([2]));
  });
});

describe("BaseModule.initCfg", () => {
  it("an assigned init_cfg is deep-copied and normalized like the constructor's, and the DEBUG line shows it", async () => {
    const model = new ToyNet({ type: "Constant", val: 1, layer: "Linear" });
    const cfg = { type: "Normal", std: 0.01, bias_prob: 0.01, layer: "Linear" };
    model.initCfg = cfg as never;
    cfg.std = 99;
    expect(model.initCfg).toEqual({ type: "Normal", std: 0.01, biasProb: 0.01, layer: "Linear" });
    expect(model.rawInitCfg).toEqual({ type: "Normal", std: 0.01, bias_prob: 0.01, layer: "Linear" });
    const logger = createCapturingLogger();
    await model.initWeights({ logger });
    expect(logger.records.find((r) => r.level === "debug")!.message).toBe("initialize ToyNet with init_cfg {'type': 'Normal', 'std': 0.01, 'bias_prob': 0.01, 'layer': 'Linear'}");
    expect((await model.head.bias!.read())[0]).toBeCloseTo(-4.59511985013459, 5);
    model.initCfg = null;
    expect(model.initCfg).toBeNull();
    expect(model.rawInitCfg).toBeNull();
  });
});

describe("initialize", () => {
  it("applies entries in order without deferring Pretrained and rejects non-object configs", async () => {
    const model = new Sequential([new Linear({ inFeatures: 2, outFeatures: 2 }), new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 })]);
    const report = await initialize(model, [{ type: "Constant", layer: "Conv2d", val: 1, bias: 2 }, { type: "Constant", layer: "Linear", val: 3, bias: 4 }], { logger: silentLogger });
    expect(report.parameters.map((p) => p.info)).toEqual(["ConstantInit: val=3, bias=4", "ConstantInit: val=3, bias=4", "ConstantInit: val=1, bias=2", "ConstantInit: val=1, bias=2"]);
    expect(model.isInit).toBe(false);
    await expect(initialize(model, "Constant")).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
    await expect(initialize(model, null)).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
  });
});
