import { describe, expect, it } from "vitest";
import { BaseModule, buildModuleFromSpec, Conv2d, createCapturingLogger, Linear, Parameter, silentLogger } from "./index";
import type { ModuleSpec } from "./index";

describe("buildModuleFromSpec", () => {
  it("builds torch layers, user classes with their direct bases, containers and extra tensors", () => {
    const spec: ModuleSpec = {
      class: "ToyNet",
      base: "BaseModule",
      init_cfg: { type: "Constant", val: 1, layer: "Conv2d", bias_prob: 0.01 },
      params: [{ name: "scale", shape: [2], fill: 0.5 }],
      children: [
        { name: "conv", module: { class: "MyConv2", base: "nn.Conv2d", intermediate: ["MyConv"], args: { in_channels: 4, out_channels: 8, kernel_size: 3, groups: 2 } } },
        { name: "stages", module: { class: "Sequential", base: "Sequential", children: [{ name: "0", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 3, bias: false } } }] } },
        { name: "plain", module: { class: "Sequential", base: "nn.Sequential", children: [] } },
      ],
    };
    const model = buildModuleFromSpec(spec) as BaseModule;
    expect(model.typeName).toBe("ToyNet");
    expect(model.typeBases).toEqual(["BaseModule"]);
    expect(model.initCfg).toEqual({ type: "Constant", val: 1, layer: "Conv2d", biasProb: 0.01 });
    const conv = model.getSubmodule("conv") as Conv2d;
    expect(conv).toBeInstanceOf(Conv2d);
    expect([conv.typeName, conv.typeBases]).toEqual(["MyConv2", ["MyConv"]]);
    expect(conv.weight.shape).toEqual([8, 2, 3, 3]);
    const stages = model.getSubmodule("stages")!;
    expect([stages.typeName, stages.typeBases]).toEqual(["Sequential", ["BaseModule", "Sequential"]]);
    expect((model.getSubmodule("stages.0") as Linear).bias).toBeNull();
    const plain = model.getSubmodule("plain")!;
    expect([plain.typeName, plain.typeBases, plain instanceof BaseModule]).toEqual(["Sequential", ["Module"], false]);
    expect(model.namedParameters()[0]![0]).toBe("scale");
  });

  it("installs declarative user init_weights, ties parameters and rejects unknown bases", async () => {
    const model = buildModuleFromSpec(
      {
        class: "ToyNet",
        base: "BaseModule",
        children: [
          { name: "a", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 2 } } },
          { name: "b", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 2 } } },
          {
            name: "head",
            module: {
              class: "MyHead",
              base: "BaseModule",
              init_cfg: { type: "Constant", val: 2, layer: "Linear" },
              children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 1 } } }],
              user_init_weights: { call_super: "after", ops: [{ param: "fc.bias", fill: 0.5 }] },
            },
          },
        ],
      },
      { ties: [{ target: "b.weight", source: "a.weight" }] },
    ) as BaseModule;
    expect(model.namedParameters().map(([name]) => name)).toEqual(["a.weight", "a.bias", "b.bias", "head.fc.weight", "head.fc.bias"]);
    const report = await model.initWeights({ logger: silentLogger });
    // call_super "after": the init_cfg runs after the user's op and overwrites fc.bias with 0.
    expect([...(await (model.getSubmodule("head.fc") as Linear).bias!.read())]).toEqual([0]);
    expect(report.parameters.find((p) => p.name === "head.fc.bias")!.history).toEqual([
      "Initialized by user-defined `init_weights` in MyHead ",
      "ConstantInit: val=2, bias=0",
    ]);
    const withClass = buildModuleFromSpec({
      class: "Net",
      base: "BaseModule",
      init_cfg: { type: { $class: "XavierInit" }, layer: "Linear" },
      children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 2 } } }],
    }) as BaseModule;
    const logger = createCapturingLogger();
    const classReport = await withClass.initWeights({ logger });
    expect(logger.records[0]!.message).toBe("initialize Net with init_cfg {'type': <class 'mmengine.model.weight_init.XavierInit'>, 'layer': 'Linear'}");
    expect(classReport.parameters[0]!.info).toBe("XavierInit: gain=1, distribution=normal, bias=0");
    expect(() => buildModuleFromSpec({ class: "X", base: "nn.GRU" })).toThrow(expect.objectContaining({ code: "INITLIB_UNKNOWN_MODULE_BASE" }));
  });

  it("honours is_init on a plain module with its own init_weights, as MMEngine does", async () => {
    const plain = (isInit: boolean) =>
      buildModuleFromSpec({
        class: "Net",
        base: "BaseModule",
        children: [
          {
            name: "block",
            module: { class: "Block", base: "nn.Module", is_init: isInit, params: [{ name: "w", shape: [2], fill: 0 }], user_init_weights: { ops: [{ param: "w", fill: 7 }] } },
          },
        ],
      }) as BaseModule;
    for (const isInit of [false, true]) {
      const model = plain(isInit);
      await model.initWeights({ logger: createCapturingLogger() });
      expect([...(await (model.getSubmodule("block")!.member("w") as Parameter).read())]).toEqual(isInit ? [0, 0] : [7, 7]);
    }
  });
});
