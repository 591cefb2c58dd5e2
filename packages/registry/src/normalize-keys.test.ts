import { describe, expect, it } from "vitest";
import { camelCaseKey, normalizeKeys } from "./normalize-keys";
import { thrown } from "../test/thrown";

describe("camelCaseKey", () => {
  it("converts lower-case snake_case words and leaves everything else", () => {
    expect(camelCaseKey("bias_prob")).toBe("biasProb");
    expect(camelCaseKey("map_location")).toBe("mapLocation");
    expect(camelCaseKey("init_cfg")).toBe("initCfg");
    expect(camelCaseKey("revise_keys_2")).toBe("reviseKeys2");
    for (const key of ["_base_", "_delete_", "_scope_", "Conv2d", "biasProb", "type", "0", "fan__in", "Bias_prob", "a_"]) {
      expect(camelCaseKey(key)).toBe(key);
    }
  });
});

describe("normalizeKeys", () => {
  it("renames keys recursively, through arrays and nested configs, but never values", () => {
    const pythonConfig = {
      type: "Pretrained",
      map_location: "cpu",
      init_cfg: [
        { type: "Normal", bias_prob: 0.01, layer: ["Conv2d"], override: { name: "conv_cls", type: "Normal", bias_prob: 0.01 } },
      ],
    };
    expect(normalizeKeys(pythonConfig)).toEqual({
      type: "Pretrained",
      mapLocation: "cpu",
      initCfg: [{ type: "Normal", biasProb: 0.01, layer: ["Conv2d"], override: { name: "conv_cls", type: "Normal", biasProb: 0.01 } }],
    });
  });

  it("keeps the keys inside opaque values, by default renames maps, configurable", () => {
    const config = { type: "Pretrained", renames: { "backbone.conv_1": "stem.conv_1" }, extra_map: { key_one: 1 } };
    expect(normalizeKeys(config)).toEqual({ type: "Pretrained", renames: { "backbone.conv_1": "stem.conv_1" }, extraMap: { keyOne: 1 } });
    // With a custom list, only the listed keys are opaque: renames' keys convert now.
    expect(normalizeKeys(config, { opaqueKeys: ["extraMap"] })).toEqual({
      type: "Pretrained",
      renames: { "backbone.conv_1": "stem.conv_1" },
      extraMap: { key_one: 1 },
    });
    expect(normalizeKeys({ renames: { conv_1: "x" } }, { opaqueKeys: [] })).toEqual({ renames: { conv1: "x" } });
  });

  it("fails on two spellings of one key, naming both and the path", () => {
    const error = thrown(() => normalizeKeys({ initCfg: [{ type: "Normal", bias_prob: 0.1, biasProb: 0.2 }] }, { path: "model" }));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("model.initCfg[0].biasProb");
    expect(error.message).toContain("'bias_prob' and 'biasProb'");
    expect(error.received).toEqual({ bias_prob: 0.1, biasProb: 0.2 });
  });

  it("returns fresh objects and keeps non-plain values by reference", () => {
    class Initializer {}
    const weights = new Float32Array(2);
    const input = { type: Initializer, values: weights, nested: { list: [1, 2] } };
    const output = normalizeKeys(input);
    expect(output.type).toBe(Initializer);
    expect(output.values).toBe(weights);
    expect(output.nested).not.toBe(input.nested);
    expect(output.nested.list).not.toBe(input.nested.list);
    expect(output.nested).toEqual(input.nested);
  });

  it("rejects a circular config instead of recursing forever", () => {
    const config: Record<string, unknown> = { type: "Constant" };
    config.self = config;
    expect(thrown(() => normalizeKeys(config)).message).toContain("circular");
  });

  it("keeps a shared (non-circular) sub-object in both places", () => {
    const shared = { type: "Constant", val: 1 };
    expect(normalizeKeys({ a: shared, b: [shared] })).toEqual({ a: shared, b: [shared] });
  });

  it("keeps a __proto__ key of parsed JSON as data, without touching prototypes", () => {
    const output = normalizeKeys(JSON.parse('{"nested": {"__proto__": {"polluted_key": 1}}}') as { nested: object });
    expect(Object.getPrototypeOf(output.nested)).toBe(Object.prototype);
    expect(Object.hasOwn(output.nested, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).pollutedKey).toBeUndefined();
  });
});
