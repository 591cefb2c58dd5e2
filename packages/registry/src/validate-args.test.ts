import { describe, expect, it } from "vitest";
import { defineArgumentSchema } from "./argument-schema";
import { describeField, validateArgs } from "./validate-args";
import { thrown } from "../test/thrown";

const KAIMING = defineArgumentSchema({
  a: { kind: "number", default: 0 },
  mode: { kind: "enum", values: ["fan_in", "fan_out"], default: "fan_out" },
  nonlinearity: { kind: "enum", values: ["relu", "leaky_relu", "tanh"], default: "relu" },
  bias: { kind: "number", default: 0 },
  biasProb: { kind: "number", nullable: true, exclusiveMinimum: 0, exclusiveMaximum: 1 },
  layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string", nonEmpty: true } }] },
});

const PRETRAINED = defineArgumentSchema({
  checkpoint: { kind: "string", required: true, nonEmpty: true },
  prefix: { kind: "string", nullable: true, default: null },
  renames: { kind: "record", values: { kind: "string" } },
  shape: { kind: "array", items: { kind: "number", integer: true, minimum: 1 }, minItems: 1 },
  strict: { kind: "boolean" },
  override: { kind: "object", fields: { name: { kind: "string", required: true } } },
});

describe("validateArgs", () => {
  it("returns a copy with defaults filled in and given values kept", () => {
    const input = { mode: "fan_in", layer: ["Conv2d", "Linear"] };
    const args = validateArgs(input, KAIMING, "initCfg[0]");
    expect(args).toEqual({ a: 0, mode: "fan_in", nonlinearity: "relu", bias: 0, layer: ["Conv2d", "Linear"] });
    expect(args.layer).not.toBe(input.layer);
    expect(input).toEqual({ mode: "fan_in", layer: ["Conv2d", "Linear"] });
  });

  it("treats undefined as absent and accepts null where nullable", () => {
    expect(validateArgs({ a: undefined, biasProb: null }, KAIMING)).toMatchObject({ a: 0, biasProb: null });
    expect(validateArgs({ checkpoint: "x.pth" }, PRETRAINED)).toEqual({ checkpoint: "x.pth", prefix: null });
  });

  it("names the path, the value and the allowed values of a wrong enum value, with the closest", () => {
    const error = thrown(() => validateArgs({ mode: "fan_inn" }, KAIMING, "initCfg[0]"));
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(error.path).toBe("initCfg[0].mode");
    expect(error.received).toBe("fan_inn");
    expect(error.expected).toBe("'fan_in' or 'fan_out'");
    expect(error.hint).toBe("did you mean 'fan_in'?");
  });

  it("rejects an unknown key, listing the allowed ones and the closest", () => {
    const error = thrown(() => validateArgs({ nonlinerity: "relu" }, KAIMING, "initCfg[1]"));
    expect(error.path).toBe("initCfg[1].nonlinerity");
    expect(error.summary).toBe("unknown option 'nonlinerity'");
    expect(error.expected).toBe("one of the options 'a', 'mode', 'nonlinearity', 'bias', 'biasProb', 'layer'");
    expect(error.hint).toContain("did you mean 'nonlinearity'?");
  });

  it("explains that a snake_case key needs resolving", () => {
    const error = thrown(() => validateArgs({ bias_prob: 0.01 }, KAIMING));
    expect(error.hint).toContain("did you mean 'biasProb'?");
    expect(error.hint).toContain("resolveConfig");
  });

  it("reports a missing required key", () => {
    const error = thrown(() => validateArgs({ prefix: "backbone." }, PRETRAINED, "initCfg"));
    expect(error.path).toBe("initCfg.checkpoint");
    expect(error.summary).toBe("'checkpoint' is required");
    expect(error.expected).toBe("a non-empty string");
  });

  it("checks numbers: kind, finiteness, bounds, integers", () => {
    expect(thrown(() => validateArgs({ a: "0" }, KAIMING)).expected).toBe("a finite number");
    expect(thrown(() => validateArgs({ a: Number.NaN }, KAIMING)).path).toBe("a");
    expect(thrown(() => validateArgs({ a: Infinity }, KAIMING)).path).toBe("a");
    expect(thrown(() => validateArgs({ biasProb: 1 }, KAIMING)).expected).toBe("null or a finite number > 0 and < 1");
    expect(validateArgs({ biasProb: 0.5 }, KAIMING).biasProb).toBe(0.5);
    const shapeError = thrown(() => validateArgs({ checkpoint: "x", shape: [2, 1.5] }, PRETRAINED, "cfg"));
    expect(shapeError.path).toBe("cfg.shape[1]");
    expect(shapeError.expected).toBe("an integer >= 1");
    expect(thrown(() => validateArgs({ checkpoint: "x", shape: [] }, PRETRAINED)).expected).toBe(
      "an array of integers >= 1 with at least 1 items",
    );
  });

  it("checks booleans strictly, arrays of alternatives, maps and nested objects", () => {
    expect(thrown(() => validateArgs({ checkpoint: "x", strict: 1 }, PRETRAINED)).expected).toBe("true or false");
    expect(thrown(() => validateArgs({ layer: 3 }, KAIMING)).expected).toBe("a string or an array of non-empty strings");
    expect(thrown(() => validateArgs({ layer: ["Conv2d", ""] }, KAIMING)).path).toBe("layer");
    expect(validateArgs({ layer: "Conv2d" }, KAIMING).layer).toBe("Conv2d");
    const renames = thrown(() => validateArgs({ checkpoint: "x", renames: { "a.b": 3 } }, PRETRAINED, "p"));
    expect(renames.path).toBe("p.renames.a.b");
    expect(validateArgs({ checkpoint: "x", renames: { "a.b": "c" } }, PRETRAINED).renames).toEqual({ "a.b": "c" });
    expect(thrown(() => validateArgs({ checkpoint: "x", override: { name: "fc", typo: 1 } }, PRETRAINED, "q")).path).toBe(
      "q.override.typo",
    );
    expect(thrown(() => validateArgs({ checkpoint: "x", override: {} }, PRETRAINED, "q")).path).toBe("q.override.name");
  });

  it("rejects arguments that are not an object", () => {
    const error = thrown(() => validateArgs("fan_in", KAIMING, "initCfg[0]"));
    expect(error.path).toBe("initCfg[0]");
    expect(error.summary).toBe("arguments must be an object");
  });
});

describe("describeField", () => {
  it("puts constraints into words, or uses the field's own description", () => {
    expect(describeField({ kind: "number", integer: true, minimum: 0 })).toBe("an integer >= 0");
    expect(describeField({ kind: "array", items: { kind: "string" }, minItems: 2, maxItems: 2 })).toBe("an array of strings with 2 items");
    expect(describeField({ kind: "enum", values: ["normal"] })).toBe("'normal'");
    expect(describeField({ kind: "number", description: "a positive std" })).toBe("a positive std");
    expect(describeField({ kind: "record", values: { kind: "number", finite: false } })).toBe("an object of numbers");
  });
});

describe("validateArgs reads Python configs as MMEngine does", () => {
  const SCHEMA = defineArgumentSchema({
    bias: { kind: "number", default: 0 },
    groups: { kind: "number", integer: true, minimum: 1, default: 1 },
    biasProb: { kind: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] },
    std: { kind: "number", float32: true, default: 1 },
    mode: { kind: "enum", values: ["fan_in", "fan_out"], ignoreCase: true, default: "fan_out" },
    val: { kind: "number", required: true },
    strict: { kind: "boolean" },
  });

  it("reads True/False where numbers go as 1 and 0", () => {
    expect(validateArgs({ bias: true, val: false, groups: true }, SCHEMA)).toMatchObject({ bias: 1, val: 0, groups: 1 });
  });

  it("keeps booleans strict where a boolean goes, and numbers strict where a boolean goes", () => {
    expect(thrown(() => validateArgs({ val: 1, strict: 1 }, SCHEMA)).path).toBe("strict");
  });

  it("reads None for an optional key as not given, so the default applies", () => {
    const args = validateArgs({ val: 2, bias: null, biasProb: null, layer: null, mode: null }, SCHEMA);
    expect(args).toEqual({ bias: 0, groups: 1, std: 1, mode: "fan_out", val: 2 });
  });

  it("refuses None for a required key", () => {
    const error = thrown(() => validateArgs({ val: null }, SCHEMA, "initCfg[0]"));
    expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", "initCfg[0].val"]);
  });

  it("accepts any case of a case-insensitive enum and keeps the value as given", () => {
    expect(validateArgs({ val: 1, mode: "FAN_IN" }, SCHEMA).mode).toBe("FAN_IN");
    const error = thrown(() => validateArgs({ val: 1, mode: "fan_ni" }, SCHEMA));
    expect(error.hint).toContain("did you mean 'fan_in'");
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["1e308 (beyond float32)", 1e308],
  ])("refuses std = %s with a coded error naming the argument", (_label, std) => {
    const error = thrown(() => validateArgs({ val: 1, std }, SCHEMA, "initCfg[0]"));
    expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", "initCfg[0].std"]);
    expect(error.expected).toBe("a finite float32 number");
    expect(error.hint).toMatch(/finite|overflows float32/);
  });

  it("refuses a non-finite number where no float32 bound is declared", () => {
    expect(thrown(() => validateArgs({ val: Number.NaN }, SCHEMA)).path).toBe("val");
  });
});
