import { describe, expect, it } from "vitest";
import { argumentJsonSchema, FLOAT32_MAXIMUM } from "./argument-json-schema";
import { defineArgumentSchema } from "./argument-schema";

const SCHEMA = defineArgumentSchema({
  std: { kind: "number", exclusiveMinimum: 0, float32: true, default: 1, description: "standard deviation" },
  mode: { kind: "enum", values: ["fan_in", "fan_out"], ignoreCase: true, default: "fan_out" },
  val: { kind: "number", required: true },
  groups: { kind: "number", integer: true, minimum: 1 },
  layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] },
  prefix: { kind: "string", nullable: true, default: null },
  load: { kind: "function" },
});

describe("argumentJsonSchema", () => {
  const json = argumentJsonSchema(SCHEMA, { extraProperties: { type: { const: "Normal" } }, extraRequired: ["type"], title: "Normal" }) as {
    properties: Record<string, Record<string, unknown>>;
    required: string[];
    additionalProperties: boolean;
    title: string;
  };

  it("lists every field, the required ones and no others", () => {
    expect(Object.keys(json.properties)).toEqual(["type", "std", "mode", "val", "groups", "layer", "prefix", "load"]);
    expect(json.required).toEqual(["type", "val"]);
    expect(json.additionalProperties).toBe(false);
    expect(json.title).toBe("Normal");
  });

  it("carries bounds, float32 range, defaults and descriptions", () => {
    expect(json.properties.std).toEqual({
      anyOf: [
        { type: "number", minimum: -FLOAT32_MAXIMUM, maximum: FLOAT32_MAXIMUM, exclusiveMinimum: 0 },
        { type: "boolean", description: "a Python bool, read as 1 or 0" },
        { type: "null" },
      ],
      description: "standard deviation",
      default: 1,
    });
    expect(json.properties.groups).toMatchObject({ anyOf: [{ type: "integer", minimum: 1 }, { type: "boolean" }, { type: "null" }] });
  });

  it("admits the upper-case spellings of a case-insensitive enum, and null for optional fields", () => {
    expect(json.properties.mode).toEqual({ anyOf: [{ enum: ["fan_in", "fan_out", "FAN_IN", "FAN_OUT"] }, { type: "null" }], default: "fan_out" });
    expect(json.properties.val).toEqual({ anyOf: [{ type: "number" }, { type: "boolean", description: "a Python bool, read as 1 or 0" }] });
    expect(json.properties.prefix).toEqual({ anyOf: [{ type: "string" }, { type: "null" }], default: null });
  });

  it("maps oneOf to anyOf and functions to an unconstrained, described property", () => {
    expect(json.properties.layer).toEqual({ anyOf: [{ anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }, { type: "null" }] });
    expect((json.properties.load as { anyOf: Record<string, unknown>[] }).anyOf[0]).toHaveProperty("description");
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
