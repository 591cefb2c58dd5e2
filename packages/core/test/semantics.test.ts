// MMEngine behaviours beyond the recorded cases, each checked against MMEngine's rule
// (or initlib's documented answer where docs/differences-from-mmengine.md says it differs).
import { describe, expect, it } from "vitest";
import { BaseModule, buildModuleFromSpec, createCapturingLogger, initialize, Linear, materialize, Module, silentLogger } from "../src/index";
import type { ModuleSpec } from "../src/index";

const linear = (inFeatures: number, outFeatures: number): ModuleSpec => ({ class: "Linear", base: "nn.Linear", args: { in_features: inFeatures, out_features: outFeatures } });
const conv = (): ModuleSpec => ({ class: "Conv2d", base: "nn.Conv2d", args: { in_channels: 2, out_channels: 2, kernel_size: 1 } });
const constant = async (module: Module, path: string): Promise<number[]> => [...new Set(await (module.getSubmodule(path.split(".").slice(0, -1).join("."))!.member(path.split(".").at(-1)!) as Linear["weight"]).read())];
const build = (spec: ModuleSpec) => buildModuleFromSpec(spec) as BaseModule;

describe("MMEngine semantics", () => {
  it("init_weights on a child first, then the root: the child is skipped, the root's entries still reach it", async () => {
    const root = build({
      class: "Root",
      base: "BaseModule",
      init_cfg: { type: "Constant", val: 1, layer: "Linear" },
      children: [{ name: "child", module: { class: "Child", base: "BaseModule", init_cfg: { type: "Constant", val: 2, layer: "Linear" }, children: [{ name: "fc", module: linear(2, 2) }] } }],
    });
    const child = root.getSubmodule("child") as BaseModule;
    const first = await child.initWeights({ logger: silentLogger });
    expect(first.topClass).toBe("Child");
    expect(first.parameters.map((p) => p.name)).toEqual(["fc.weight", "fc.bias"]);
    expect(child.isInit).toBe(true);
    const second = await root.initWeights({ logger: silentLogger });
    expect(await constant(root, "child.fc.weight")).toEqual([1]);
    expect(second.parameters[0]!.info).toBe("ConstantInit: val=1, bias=0");
    expect(second.warnings).toEqual([]);
  });

  it("is_init on a child skips its own init_cfg but not the parent's entries", async () => {
    const root = build({
      class: "Root",
      base: "BaseModule",
      init_cfg: { type: "Constant", val: 1, layer: "Linear" },
      children: [{ name: "child", module: { class: "Child", base: "BaseModule", is_init: true, init_cfg: { type: "Constant", val: 4, layer: "Linear" }, children: [{ name: "fc", module: linear(2, 2) }] } }],
    });
    await root.initWeights({ logger: silentLogger });
    expect(await constant(root, "child.fc.weight")).toEqual([1]);
  });

  it("after an error, a retry behaves like a first call (MMEngine's retry is not top-level)", async () => {
    const root = build({ class: "Root", base: "BaseModule", init_cfg: { type: "Constant", val: 1, layer: "Linear", override: { name: "missing", type: "Constant", val: 2 } }, children: [{ name: "fc", module: linear(2, 2) }] });
    await expect(root.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_MISSING_MODULE" });
    root.initCfg = { type: "Constant", val: 1, layer: "Linear" };
    const logger = createCapturingLogger();
    const report = await root.initWeights({ logger });
    expect(report.parameters.map((p) => p.info)).toEqual(["ConstantInit: val=1, bias=0", "ConstantInit: val=1, bias=0"]);
    expect(logger.records.filter((r) => r.level === "info")).toHaveLength(2);
  });

  it("mmengine containers pass the chain on; a BaseModule inside a plain Module is skipped, as in MMEngine, with a warning", async () => {
    const child = (val: number): ModuleSpec => ({ class: "Foo", base: "BaseModule", init_cfg: { type: "Constant", val, layer: "Linear" }, children: [{ name: "fc", module: linear(2, 2) }] });
    const root = build({
      class: "Root",
      base: "BaseModule",
      init_cfg: { type: "Constant", val: 1, layer: "Linear" },
      children: [
        { name: "mm", module: { class: "Sequential", base: "Sequential", children: [{ name: "0", module: child(3) }] } },
        { name: "plain", module: { class: "Wrapper", base: "nn.Module", children: [{ name: "inner", module: child(5) }] } },
      ],
    });
    const report = await root.initWeights({ logger: silentLogger });
    expect(await constant(root, "mm.0.fc.weight")).toEqual([3]);
    expect(await constant(root, "plain.inner.fc.weight")).toEqual([1]); // only the root's rule reaches it
    expect(report.warnings).toEqual([expect.stringContaining("plain.inner (Foo) is a BaseModule below a plain Module")]);
  });

  describe("one rule for a BaseModule below a plain Module: not called by the ordering, named in a warning", () => {
    class Foo extends BaseModule {
      static override readonly typeName = "Foo";
      fc = new Linear({ inFeatures: 2, outFeatures: 2 });
      constructor() {
        super({ type: "Constant", val: 5, layer: "Linear" });
      }
    }
    /** A plain wrapper; with `callInner` it has an initWeights of its own, which may call its child's. */
    const wrapper = (own: "none" | "silent" | "callsInner") => {
      const plain = new Module().setTypeIdentity("Wrapper", ["Module"]);
      const inner = new Foo();
      Object.assign(plain, { inner });
      if (own !== "none") {
        Object.defineProperty(plain, "initWeights", {
          value: async () => {
            if (own === "callsInner") await inner.initWeights();
          },
          enumerable: false,
        });
      }
      const root = new BaseModule({ type: "Constant", val: 1, layer: "Linear" });
      Object.assign(root, { plain });
      return { root, inner };
    };
    const warned = (warnings: readonly string[]) => warnings.filter((w) => w.includes("plain.inner (Foo) is a BaseModule below a plain Module"));

    it("a plain Module without initWeights: the BaseModule is skipped (as in MMEngine), only the root's rule reaches it", async () => {
      const { root, inner } = wrapper("none");
      const report = await root.initWeights({ logger: silentLogger });
      expect(await constant(root, "plain.inner.fc.weight")).toEqual([1]);
      expect(inner.isInit).toBe(false);
      expect(warned(report.warnings)).toHaveLength(1);
    });

    it("a plain Module whose own initWeights does not call it: the same, and the same warning", async () => {
      const { root, inner } = wrapper("silent");
      const report = await root.initWeights({ logger: silentLogger });
      expect(await constant(root, "plain.inner.fc.weight")).toEqual([1]);
      expect(inner.isInit).toBe(false);
      expect(warned(report.warnings)).toHaveLength(1);
    });

    it("a plain Module whose own initWeights calls it: it runs inside the call and wins, without a warning", async () => {
      const { root, inner } = wrapper("callsInner");
      const report = await root.initWeights({ logger: silentLogger });
      expect(await constant(root, "plain.inner.fc.weight")).toEqual([5]);
      expect(inner.isInit).toBe(true);
      expect(warned(report.warnings)).toEqual([]);
    });
  });

  it("a Pretrained-free override of a whole module hits norm layers, and Xavier there fails before anything is written", async () => {
    const spec = (type: string): ModuleSpec => ({
      class: "Root",
      base: "BaseModule",
      init_cfg: { type: "Constant", val: 1, layer: "Linear", override: { name: "block", type, ...(type === "Constant" ? { val: 2 } : {}) } },
      children: [{ name: "block", module: { class: "Sequential", base: "nn.Sequential", children: [{ name: "0", module: conv() }, { name: "1", module: { class: "BatchNorm2d", base: "nn.BatchNorm2d", args: { num_features: 2 } } }] } }],
    });
    const ok = build(spec("Constant"));
    await ok.initWeights({ logger: silentLogger });
    expect(await constant(ok, "block.1.weight")).toEqual([2]);
    const failing = build(spec("Xavier"));
    const error = await failing.initWeights({ logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ path: expect.stringContaining("Root.initCfg.override") });
    expect(String((error as Error).message)).toContain("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    for (const p of failing.parameters()) expect(p.isMaterialized).toBe(false);
  });

  it("a BaseModule subclass whose initWeights does not call super disables its init_cfg and its children", async () => {
    const root = build({
      class: "Root",
      base: "BaseModule",
      children: [
        {
          name: "head",
          module: { class: "Head", base: "BaseModule", init_cfg: { type: "Constant", val: 7, layer: "Linear" }, children: [{ name: "fc", module: linear(2, 2) }], user_init_weights: { call_super: "none", ops: [{ param: "fc.bias", fill: 0.5 }] } },
        },
      ],
    });
    const report = await root.initWeights({ logger: silentLogger });
    expect(await constant(root, "head.fc.bias")).toEqual([0.5]);
    expect(report.parameters.find((p) => p.name === "head.fc.weight")!.written).toBe(false);
    expect(report.parameters.find((p) => p.name === "head.fc.bias")!.info).toBe("Initialized by user-defined `init_weights` in Head ");
    expect((root.getSubmodule("head") as BaseModule).isInit).toBe(false);
  });

  it("initialize() called from user code joins the running call, labelled as that user code", async () => {
    class Custom extends Module {
      static override readonly typeName = "Custom";
      fc = new Linear({ inFeatures: 2, outFeatures: 2 });
      async initWeights(): Promise<void> {
        await initialize(this, { type: "Constant", val: 3, layer: "Linear" });
      }
    }
    class Root extends BaseModule {
      static override readonly typeName = "Root";
      custom = new Custom();
    }
    const report = await new Root().initWeights({ logger: silentLogger });
    expect(report.parameters[0]!.info).toBe("Initialized by user-defined `init_weights` in Custom ");
    expect(report.parameters[0]!.history).toEqual(["Initialized by user-defined `init_weights` in Custom (ConstantInit: val=3, bias=0)"]);
  });

  it("an empty parameter is materialized and reported by its last writer", async () => {
    const root = build({ class: "Root", base: "BaseModule", init_cfg: { type: "Constant", val: 1, layer: "Linear" }, children: [{ name: "fc", module: linear(0, 3) }] });
    const report = await root.initWeights({ logger: silentLogger });
    expect(report.parameters.map((p) => [p.name, p.shape, p.info])).toEqual([
      ["fc.weight", [3, 0], "ConstantInit: val=1, bias=0"],
      ["fc.bias", [3], "ConstantInit: val=1, bias=0"],
    ]);
    expect((await (root.getSubmodule("fc") as Linear).weight.read()).length).toBe(0);
  });

  it("a module tree with a cycle initializes each module once", async () => {
    const root = build({ class: "Root", base: "BaseModule", init_cfg: { type: "Constant", val: 1, layer: "Linear" }, children: [{ name: "child", module: { class: "Child", base: "BaseModule", children: [{ name: "fc", module: linear(2, 2) }] } }] });
    Object.assign(root.getSubmodule("child")!, { parent: root });
    const report = await root.initWeights({ logger: silentLogger });
    expect(report.parameters.map((p) => p.name)).toEqual(["child.fc.weight", "child.fc.bias"]);
    expect(await constant(root, "child.fc.weight")).toEqual([1]);
  });

  it("materialize writes defaults once and leaves materialized tensors alone", async () => {
    const module = new Linear({ inFeatures: 4, outFeatures: 2 });
    await materialize(module, undefined, { seed: 1 });
    const first = await module.weight.read();
    await materialize(module, undefined, { seed: 2 });
    expect(await module.weight.read()).toEqual(first);
    expect(module.weight.history).toHaveLength(1);
  });
});
