// MMEngine's five documentation examples ("Initialize the model" tutorial), written the way an
// initlib user writes them. The same code is in packages/core/README.md.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSafetensors } from "@initlib/checkpoint";
import { BaseModule, Conv2d, createCapturingLogger, Linear, Module, Parameter, silentLogger } from "../src/index";
import type { ModuleInitCfg } from "../src/index";

const kaiming = "KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0";
const xavier = "XavierInit: gain=1, distribution=normal, bias=0";

describe("MMEngine documentation examples", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "initlib-docs-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("1. initialize from a pretrained checkpoint", async () => {
    class ToyNet extends BaseModule {
      static override readonly typeName = "ToyNet";
      conv1 = new Linear({ inFeatures: 1, outFeatures: 1 });
      constructor(initCfg: ModuleInitCfg) {
        super(initCfg);
      }
    }
    const checkpoint = join(directory, "pretrained.safetensors");
    await writeSafetensors(checkpoint, {
      "conv1.weight": { data: new Float32Array([0.5]), shape: [1, 1] },
      "conv1.bias": { data: new Float32Array([-0.25]), shape: [1] },
    });
    const model = new ToyNet({ type: "Pretrained", checkpoint });
    const logger = createCapturingLogger();
    const report = await model.initWeights({ logger });
    expect([...(await model.conv1.weight.read())]).toEqual([0.5]);
    expect([...(await model.conv1.bias!.read())]).toEqual([-0.25]);
    expect(report.parameters.map((p) => p.info)).toEqual([`PretrainedInit: load from ${checkpoint}`, `PretrainedInit: load from ${checkpoint}`]);
    expect(logger.records.some((r) => r.message === `load model from: ${checkpoint}`)).toBe(true);
  });

  class ToyNet extends BaseModule {
    static override readonly typeName = "ToyNet";
    linear = new Linear({ inFeatures: 1, outFeatures: 1 });
    conv = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
    constructor(initCfg: ModuleInitCfg) {
      super(initCfg);
    }
  }

  it("2. Kaiming for Conv2d and Xavier for Linear", async () => {
    const model = new ToyNet([
      { type: "Kaiming", layer: "Conv2d" },
      { type: "Xavier", layer: "Linear" },
    ]);
    const report = await model.initWeights({ logger: silentLogger });
    expect(report.parameters.map((p) => [p.name, p.info])).toEqual([
      ["linear.weight", xavier],
      ["linear.bias", xavier],
      ["conv.weight", kaiming],
      ["conv.bias", kaiming],
    ]);
  });

  it("3. one entry for a list of layers", async () => {
    const model = new ToyNet([{ type: "Kaiming", layer: ["Conv2d", "Linear"] }]);
    const report = await model.initWeights({ logger: silentLogger });
    expect(report.parameters.every((p) => p.info === kaiming)).toBe(true);
  });

  it("4. override one submodule by name", async () => {
    class TwoConvs extends BaseModule {
      static override readonly typeName = "ToyNet";
      conv1 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
      conv2 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
    }
    const model = new TwoConvs([{ type: "Kaiming", layer: ["Conv2d"], override: { name: "conv2", type: "Xavier" } }]);
    const report = await model.initWeights({ logger: silentLogger });
    expect(report.parameters.map((p) => [p.name, p.info])).toEqual([
      ["conv1.weight", kaiming],
      ["conv1.bias", kaiming],
      ["conv2.weight", xavier],
      // MMEngine prints KaimingInit here (the mean did not change); initlib names the last writer.
      ["conv2.bias", xavier],
    ]);
    expect(report.parameters[3]!.history).toEqual([kaiming, xavier]);
  });

  it("5. a child with its own initWeights", async () => {
    class ToyConv extends Module {
      static override readonly typeName = "ToyConv";
      customWeight = new Parameter([1, 1, 1, 1]);
      customBias = new Parameter([1]);
      async initWeights(): Promise<void> {
        await this.customWeight.fill(1);
        await this.customBias.fill(0);
      }
    }
    class WithCustom extends BaseModule {
      static override readonly typeName = "ToyNet";
      conv1 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
      conv2 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
      customConv = new ToyConv();
    }
    const model = new WithCustom([{ type: "Kaiming", layer: ["Conv2d"], override: { name: "conv2", type: "Xavier" } }]);
    const report = await model.initWeights({ logger: silentLogger });
    const user = "Initialized by user-defined `init_weights` in ToyConv ";
    expect(report.parameters.slice(4).map((p) => [p.name, p.info])).toEqual([
      ["customConv.customWeight", user],
      ["customConv.customBias", user],
    ]);
    expect([...(await model.customConv.customWeight.read())]).toEqual([1]);
  });
});
