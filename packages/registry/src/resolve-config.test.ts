import { describe, expect, it } from "vitest";
import { resolveConfig } from "./resolve-config";
import { thrown } from "../test/thrown";

const runtime = { seed: 0, logLevel: "info" };
const model = {
  model: {
    type: "Classifier",
    init_cfg: [{ type: "Kaiming", layer: "Conv2d" }, { type: "Constant", val: 1, layer: ["BatchNorm2d"] }],
  },
};

describe("resolveConfig", () => {
  it("combines the bases, then merges the config over them, with snake_case keys converted per layer", () => {
    const resolved = resolveConfig({
      _base_: [runtime, model],
      model: { initCfg: [{ type: "Pretrained", checkpoint: "x.pth", map_location: "cpu" }] },
      log_level: "debug",
    });
    expect(resolved).toEqual({
      seed: 0,
      logLevel: "debug",
      model: { type: "Classifier", initCfg: [{ type: "Pretrained", checkpoint: "x.pth", mapLocation: "cpu" }] },
    });
  });

  it("resolves bases of bases, and accepts a single base without a list", () => {
    const middle = { _base_: model, model: { backbone: { depth: 50 } } };
    expect(resolveConfig({ _base_: [middle], model: { backbone: { depth: 18 } } })).toEqual({
      model: {
        type: "Classifier",
        initCfg: [{ type: "Kaiming", layer: "Conv2d" }, { type: "Constant", val: 1, layer: ["BatchNorm2d"] }],
        backbone: { depth: 18 },
      },
    });
  });

  it("rejects a top-level key defined by two bases, as MMEngine does", () => {
    const error = thrown(() => resolveConfig({ _base_: [runtime, { seed: 1 }] }));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("_base_[1].seed");
    expect(error.expected).toContain("_base_[0]");
  });

  it("drops the bases when the config says _delete_: true at the top", () => {
    expect(resolveConfig({ _base_: [runtime], _delete_: true, seed: 3 })).toEqual({ seed: 3 });
    expect(thrown(() => resolveConfig({ _base_: [runtime], _delete_: 1 })).path).toBe("_delete_");
  });

  it("replaces a base's initCfg object with _delete_ and merges it otherwise", () => {
    const base = { initCfg: { type: "Normal", std: 0.01, layer: "Linear" } };
    expect(resolveConfig({ _base_: [base], init_cfg: { std: 0.02 } })).toEqual({ initCfg: { type: "Normal", std: 0.02, layer: "Linear" } });
    expect(resolveConfig({ _base_: [base], init_cfg: { _delete_: true, type: "Constant", val: 0 } })).toEqual({
      initCfg: { type: "Constant", val: 0 },
    });
  });

  it("says to use loadConfigFile for a file base, and rejects other base values", () => {
    const fileError = thrown(() => resolveConfig({ _base_: ["./base.yaml"] }, { path: "config" }));
    expect(fileError.path).toBe("config._base_[0]");
    expect(fileError.hint).toContain("loadConfigFile");
    expect(thrown(() => resolveConfig({ _base_: 3 })).path).toBe("_base_");
  });

  it("rejects _base_ below the top level", () => {
    const error = thrown(() => resolveConfig({ model: { _base_: [runtime] } }));
    expect(error.path).toBe("model._base_");
    expect(thrown(() => resolveConfig([{ _base_: [] }])).path).toBe("[0]._base_");
  });

  it("normalizes an array config (a list of initCfg entries) and removes markers", () => {
    expect(resolveConfig([{ type: "Normal", bias_prob: 0.01, _delete_: true }])).toEqual([{ type: "Normal", biasProb: 0.01 }]);
  });

  it("shares nothing with its input", () => {
    const input = { _base_: [model], extra: { list: [1] } };
    const resolved = resolveConfig(input);
    (resolved.extra as { list: number[] }).list.push(2);
    (resolved.model as { initCfg: unknown[] }).initCfg.push({});
    expect(input.extra.list).toEqual([1]);
    expect(model.model.init_cfg).toHaveLength(2);
  });
});
