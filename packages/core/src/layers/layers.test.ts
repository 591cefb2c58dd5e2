import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createHostBackend } from "@initlib/initializers";
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Conv3d,
  ConvTranspose2d,
  Embedding,
  GroupNorm,
  Identity,
  InstanceNorm2d,
  LayerNorm,
  Linear,
  materialize,
  MaxPool2d,
  ModuleList,
  ModuleDict,
  MultiheadAttention,
  PReLU,
  ReLU,
  Sequential,
} from "../index";
import type { Module } from "../index";

const reference = JSON.parse(readFileSync(new URL("../../test/fixtures/mmengine-cases.json", import.meta.url), "utf8")) as {
  torch_class_bases: Record<string, string[]>;
};

describe("torch layers", () => {
  it("declare torch's class names and direct bases (reference torch_class_bases)", () => {
    const layers: [string, Module][] = [
      ["BatchNorm1d", new BatchNorm1d({ numFeatures: 2 })],
      ["BatchNorm2d", new BatchNorm2d({ numFeatures: 2 })],
      ["Conv1d", new Conv1d({ inChannels: 1, outChannels: 1, kernelSize: 1 })],
      ["Conv2d", new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 })],
      ["Conv3d", new Conv3d({ inChannels: 1, outChannels: 1, kernelSize: 1 })],
      ["ConvTranspose2d", new ConvTranspose2d({ inChannels: 1, outChannels: 1, kernelSize: 1 })],
      ["Embedding", new Embedding({ numEmbeddings: 2, embeddingDim: 2 })],
      ["GroupNorm", new GroupNorm({ numGroups: 1, numChannels: 2 })],
      ["Identity", new Identity()],
      ["InstanceNorm2d", new InstanceNorm2d({ numFeatures: 2 })],
      ["LayerNorm", new LayerNorm({ normalizedShape: 2 })],
      ["Linear", new Linear({ inFeatures: 1, outFeatures: 1 })],
      ["MaxPool2d", new MaxPool2d({ kernelSize: 2 })],
      ["MultiheadAttention", new MultiheadAttention({ embedDim: 2, numHeads: 1 })],
      ["PReLU", new PReLU()],
      ["ReLU", new ReLU()],
      ["mmengine.Sequential", new Sequential()],
      ["mmengine.ModuleList", new ModuleList()],
      ["mmengine.ModuleDict", new ModuleDict()],
    ];
    for (const [key, layer] of layers) {
      expect(layer.typeBases, key).toEqual(reference.torch_class_bases[key]);
      expect(layer.typeName).toBe(key.replace("mmengine.", ""));
    }
    const outProj = new MultiheadAttention({ embedDim: 2, numHeads: 1 }).outProj;
    expect([outProj.typeName, ...outProj.typeBases]).toEqual(reference.torch_class_bases["MultiheadAttention.out_proj class"]);
  });

  it("have torch's shapes, layouts and fans", () => {
    const conv = new Conv2d({ inChannels: 4, outChannels: 8, kernelSize: 3, groups: 2 });
    expect(conv.weight.shape).toEqual([8, 2, 3, 3]);
    expect(conv.weight.layout).toBe("OIHW");
    expect(conv.weight.fans).toEqual({ fanIn: 18, fanOut: 72 });
    const transposed = new ConvTranspose2d({ inChannels: 4, outChannels: 6, kernelSize: 3 });
    expect(transposed.weight.shape).toEqual([4, 6, 3, 3]);
    expect(transposed.weight.fans).toEqual({ fanIn: 54, fanOut: 36 });
    expect(new Conv3d({ inChannels: 2, outChannels: 4, kernelSize: 3 }).weight.fans).toEqual({ fanIn: 54, fanOut: 108 });
    expect(new Linear({ inFeatures: 3, outFeatures: 4, bias: false }).bias).toBeNull();
    expect(new Embedding({ numEmbeddings: 10, embeddingDim: 4 }).weight.fans).toEqual({ fanIn: 4, fanOut: 10 });
    expect(new MultiheadAttention({ embedDim: 8, numHeads: 2 }).inProjWeight.shape).toEqual([24, 8]);
    expect(new InstanceNorm2d({ numFeatures: 3 }).parameters()).toEqual([]);
    expect(() => new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3, groups: 2 })).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT" }));
  });

  it("materialize torch's reset_parameters defaults", async () => {
    const backend = createHostBackend();
    const linear = new Linear({ inFeatures: 16, outFeatures: 64 });
    const bn = new BatchNorm2d({ numFeatures: 3 });
    const embedding = new Embedding({ numEmbeddings: 50, embeddingDim: 8, paddingIdx: -1 });
    const attention = new MultiheadAttention({ embedDim: 8, numHeads: 2 });
    const prelu = new PReLU({ numParameters: 2 });
    const root = new Sequential([linear, bn, embedding, attention, prelu]);
    await materialize(root, backend, { seed: 3 });
    const weight = await linear.weight.read();
    expect(Math.max(...weight.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...weight.map(Math.abs))).toBeGreaterThan(0.2);
    expect([...(await bn.weight!.read())]).toEqual([1, 1, 1]);
    expect([...(await bn.runningVar!.read())]).toEqual([1, 1, 1]);
    expect([...(await bn.numBatchesTracked!.read())]).toEqual([0]);
    const table = await embedding.weight.read();
    expect([...table.slice(49 * 8)]).toEqual(new Array(8).fill(0));
    expect(table.slice(0, 49 * 8).some((v) => Math.abs(v) > 1)).toBe(true);
    const bound = Math.sqrt(6 / 32);
    const inProj = await attention.inProjWeight.read();
    expect(Math.max(...inProj.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect([...(await attention.outProj.bias!.read())]).toEqual(new Array(8).fill(0));
    expect([...(await prelu.weight.read())]).toEqual([0.25, 0.25]);
    expect(linear.weight.history.at(-1)?.info).toContain("reset_parameters");
  });
});
