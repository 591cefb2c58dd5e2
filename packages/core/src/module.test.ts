import { describe, expect, it } from "vitest";
import { BatchNorm2d, ModuleBuffer, Conv2d, Linear, Module, MultiheadAttention, Parameter, ReLU } from "./index";

class Block extends Module {
  static override readonly typeName = "Block";
  static override readonly typeBases = ["Module"];
  scale = new Parameter([2], { init: { kind: "constant", value: 1 } });
  conv = new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3 });
  bn = new BatchNorm2d({ numFeatures: 4 });
  act = new ReLU();
  head: Linear | null = null;
}

describe("Module", () => {
  it("discovers parameters, buffers and children from properties in insertion order", () => {
    const block = new Block();
    expect(block.namedChildren().map(([name]) => name)).toEqual(["conv", "bn", "act"]);
    expect(block.namedParameters().map(([name]) => name)).toEqual(["scale", "conv.weight", "conv.bias", "bn.weight", "bn.bias"]);
    expect(block.namedBuffers().map(([name]) => name)).toEqual(["bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
    expect([...block.stateEntries()].map((e) => `${e.kind}:${e.name}`)).toEqual([
      "parameter:scale",
      "parameter:conv.weight",
      "parameter:conv.bias",
      "parameter:bn.weight",
      "parameter:bn.bias",
      "buffer:bn.running_mean",
      "buffer:bn.running_var",
      "buffer:bn.num_batches_tracked",
    ]);
    expect(block.namedModules().map(([name]) => name)).toEqual(["", "conv", "bn", "act"]);
  });

  it("lists modules in torch's apply order (children first)", () => {
    const block = new Block();
    expect([...block.modulesPostOrder()].map((m) => m.typeName)).toEqual(["Conv2d", "BatchNorm2d", "ReLU", "Block"]);
  });

  it("lists a tied parameter once, under its first name, and in state entries once", () => {
    const a = new Linear({ inFeatures: 4, outFeatures: 4 });
    const b = new Linear({ inFeatures: 4, outFeatures: 4 });
    b.weight = a.weight;
    const root = new Module();
    Object.assign(root, { a, b });
    expect(root.namedParameters().map(([name]) => name)).toEqual(["a.weight", "a.bias", "b.bias"]);
    expect([...root.stateEntries()].map((e) => e.name)).toEqual(["a.weight", "a.bias", "b.bias"]);
  });

  it("uses literal type names and direct bases, with a fallback for undeclared user classes", () => {
    class MyConv extends Conv2d {}
    class Declared extends Conv2d {
      static override readonly typeName = "Declared";
      static override readonly typeBases = ["Conv2d"];
    }
    const conv = new MyConv({ inChannels: 1, outChannels: 1, kernelSize: 1 });
    expect(conv.typeName).toBe("MyConv");
    expect(conv.typeBases).toEqual(["Conv2d"]);
    expect(new Declared({ inChannels: 1, outChannels: 1, kernelSize: 1 }).typeName).toBe("Declared");
    expect(new Module().setTypeIdentity("ToyConv", ["Module"]).typeBases).toEqual(["Module"]);
  });

  it("resolves dotted submodule paths and members by property or torch name", () => {
    const attention = new MultiheadAttention({ embedDim: 8, numHeads: 2 });
    const root = new Module();
    Object.assign(root, { attn: attention });
    expect(root.getSubmodule("attn.out_proj")).toBe(attention.outProj);
    expect(root.getSubmodule("attn.outProj")).toBe(attention.outProj);
    expect(root.getSubmodule("attn.missing")).toBeUndefined();
    expect(attention.member("in_proj_weight")).toBe(attention.inProjWeight);
  });

  it("allocates nothing at construction and refuses to read unmaterialized values", async () => {
    const block = new Block();
    for (const parameter of block.parameters()) expect(parameter.isMaterialized).toBe(false);
    await expect(block.scale.read()).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
    expect(new ModuleBuffer([2]).size).toBe(2);
    expect(() => new Parameter([2, -1])).toThrow(expect.objectContaining({ code: "INITLIB_BAD_SHAPE" }));
  });
});

describe("Module graphs", () => {
  it("visits a shared or cyclic module once", () => {
    const shared = new Linear({ inFeatures: 2, outFeatures: 2 });
    const root = new Module();
    Object.assign(root, { a: shared, b: shared });
    Object.assign(shared, { back: root });
    expect([...root.modulesPostOrder()]).toEqual([shared, root]);
    expect(root.namedModules().map(([name]) => name)).toEqual(["", "a"]);
  });
});
