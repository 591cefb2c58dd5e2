import { describe, expect, it } from "vitest";
import { mergeConfigs, withoutDeleteMarkers } from "./merge-configs";
import { thrown } from "../test/thrown";

describe("mergeConfigs (MMEngine Config._merge_a_into_b)", () => {
  const base = {
    model: {
      type: "RetinaNet",
      initCfg: { type: "Normal", std: 0.01, layer: ["Conv2d", "Linear"] },
      head: { numClasses: 80, loss: { type: "Focal", gamma: 2 } },
    },
    seed: 1,
  };

  it("merges objects key by key at every depth, keeping base keys first", () => {
    const merged = mergeConfigs(base, { model: { head: { numClasses: 3 }, neck: { type: "FPN" } }, extra: true });
    expect(merged).toEqual({
      model: {
        type: "RetinaNet",
        initCfg: { type: "Normal", std: 0.01, layer: ["Conv2d", "Linear"] },
        head: { numClasses: 3, loss: { type: "Focal", gamma: 2 } },
        neck: { type: "FPN" },
      },
      seed: 1,
      extra: true,
    });
    expect(Object.keys(merged)).toEqual(["model", "seed", "extra"]);
    expect(Object.keys(merged.model as object)).toEqual(["type", "initCfg", "head", "neck"]);
  });

  it("replaces arrays instead of merging them", () => {
    const merged = mergeConfigs(base, { model: { initCfg: { layer: ["Linear"] } } });
    expect((merged.model as { initCfg: unknown }).initCfg).toEqual({ type: "Normal", std: 0.01, layer: ["Linear"] });
  });

  it("replaces an object marked _delete_: true and drops the marker", () => {
    const merged = mergeConfigs(base, { model: { initCfg: { _delete_: true, type: "Kaiming", mode: "fan_in" } } });
    expect((merged.model as { initCfg: unknown }).initCfg).toEqual({ type: "Kaiming", mode: "fan_in" });
  });

  it("lets a scalar or array replace a base object, but not an object replace a base scalar", () => {
    expect(mergeConfigs(base, { model: null }).model).toBeNull();
    expect(mergeConfigs({ initCfg: { type: "Normal" } }, { initCfg: [{ type: "Normal" }] }).initCfg).toEqual([{ type: "Normal" }]);
    const error = thrown(() => mergeConfigs(base, { seed: { value: 2 } }));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("seed");
    expect(error.received).toBe(1);
    expect(error.hint).toContain("_delete_: true");
    expect(mergeConfigs(base, { seed: { _delete_: true, value: 2 } }).seed).toEqual({ value: 2 });
  });

  it("removes _delete_ markers from new keys at any depth and checks they are booleans", () => {
    expect(mergeConfigs({}, { a: { _delete_: false, b: [{ _delete_: true, c: 1 }] } })).toEqual({ a: { b: [{ c: 1 }] } });
    const error = thrown(() => mergeConfigs(base, { model: { initCfg: { _delete_: "yes" } } }));
    expect(error.path).toBe("model.initCfg._delete_");
  });

  it("modifies neither input", () => {
    const child = { model: { initCfg: { _delete_: true, type: "Constant" } } };
    const before = JSON.stringify([base, child]);
    mergeConfigs(base, child);
    expect(JSON.stringify([base, child])).toBe(before);
  });
});

describe("mergeConfigs and __proto__", () => {
  it("merges a parsed __proto__ key as data", () => {
    const merged = mergeConfigs({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("withoutDeleteMarkers", () => {
  it("copies a value without markers", () => {
    expect(withoutDeleteMarkers([{ _delete_: true, type: "Constant" }])).toEqual([{ type: "Constant" }]);
    expect(withoutDeleteMarkers(3)).toBe(3);
  });
});
