import { defineArgumentSchema, type ArgumentsFromSchema } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { errorOf } from "../error-of";
import { linear } from "../../test/fake-module";
import type { FillRule } from "../fill-rule";
import { buildInitializer } from "../weight-initializers/build-initializer";
import { initializerDeclaration, initializerDefaults, initializerEntryJsonSchema, initializerJsonSchema } from "../weight-initializers/initializer-json-schema";
import { WEIGHT_INITIALIZERS } from "../weight-initializers/weight-initializers";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";
import { Caffe2XavierInit } from "./caffe2-xavier";
import { ConstantInit } from "./constant";
import { KaimingInit } from "./kaiming";
import { NormalInit } from "./normal";
import { TruncNormalInit } from "./trunc-normal";
import { UniformInit } from "./uniform";

describe("Python configs at the argument boundary (as MMEngine reads them)", () => {
  it("reads True/False where numbers go as 1 and 0", () => {
    expect(new ConstantInit({ val: true as never, bias: true as never }).info).toBe("ConstantInit: val=1, bias=1");
    expect(new KaimingInit({ a: false as never }).a).toBe(0);
    expect(buildInitializer({ type: "Uniform", a: false, b: true } as never).info).toBe("UniformInit: a=0, b=1, bias=0");
  });

  it("reads None for an optional argument as not given", () => {
    const normal = new NormalInit({ std: 0.5, biasProb: null, layer: null, mean: null } as never);
    expect([normal.bias, normal.layer, normal.mean, normal.std]).toEqual([0, [], 0, 0.5]);
    expect(new Caffe2XavierInit({ layer: null } as never).layer).toEqual([]);
  });

  it("still refuses None for a required argument", () => {
    const error = errorOf(() => buildInitializer({ type: "Constant", val: null } as never, "initCfg[0]"));
    expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", "initCfg[0].val"]);
  });

  it.each([
    ["NaN std", { type: "Normal", std: Number.NaN }, "std"],
    ["Infinity mean", { type: "Normal", mean: Number.POSITIVE_INFINITY }, "mean"],
    ["-Infinity a", { type: "Uniform", a: Number.NEGATIVE_INFINITY }, "a"],
    ["std 1e308", { type: "TruncNormal", std: 1e308 }, "std"],
    ["val 1e39", { type: "Constant", val: 1e39 }, "val"],
    ["bias -1e300", { type: "Xavier", bias: -1e300 }, "bias"],
    ["gain 1e300", { type: "Xavier", gain: 1e300 }, "gain"],
  ])("refuses %s with a coded error naming the argument", (_label, config, key) => {
    const error = errorOf(() => buildInitializer(config as never, "initCfg[0]"));
    expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", `initCfg[0].${key}`]);
    expect(error.expected).toBeTruthy();
    expect(error.hint).toBeTruthy();
  });

  it("refuses at plan time, before any write, a rule whose values would overflow float32", () => {
    const normal = new NormalInit({ std: 1e38, layer: "Linear" });
    const error = errorOf(() => normal.plan(linear(4, 4)));
    expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", "std"]);
    expect(error.message).toContain("overflow float32");
    const uniform = new UniformInit({ a: -3e38, b: 3e38, layer: "Linear" });
    expect(errorOf(() => uniform.plan(linear(4, 4))).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(new NormalInit({ std: 1e36, layer: "Linear" }).plan(linear(4, 4)).writes).toHaveLength(2);
  });
});

describe("one declaration per initializer", () => {
  it("is the class's static argumentSchema and drives the accepted keys", () => {
    expect(Object.keys(NormalInit.argumentSchema)).toEqual(["bias", "biasProb", "layer", "mean", "std"]);
    expect(Object.keys(initializerDeclaration("Caffe2Xavier"))).toEqual(["bias", "biasProb", "layer"]);
    expect(Object.keys(initializerDeclaration("Pretrained"))).toContain("checkpoint");
  });

  it("gives explain its defaults", () => {
    expect(initializerDefaults("Kaiming")).toEqual({ bias: 0, a: 0, mode: "fan_out", nonlinearity: "relu", distribution: "normal" });
    expect(initializerDefaults("TruncNormal")).toEqual({ bias: 0, mean: 0, std: 1, a: -2, b: 2, boundsIn: "absolute" });
    expect(initializerDefaults("Constant")).toEqual({ bias: 0 });
  });

  it("gives the JSON Schema of each initCfg entry: type, arguments with bounds and defaults, snake_case aliases, override", () => {
    const normal = initializerEntryJsonSchema("Normal") as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(normal.properties)).toEqual(["type", "override", "params", "bias", "biasProb", "bias_prob", "layer", "mean", "std"]);
    expect(normal.properties.type).toMatchObject({ const: "Normal" });
    expect(normal.properties.std).toMatchObject({ default: 1, anyOf: [{ type: "number", minimum: 0 }, { type: "boolean" }, { type: "null" }] });
    expect(normal.required).toEqual(["type"]);
    expect(normal.additionalProperties).toBe(false);
    const kaiming = initializerEntryJsonSchema("Kaiming") as { properties: Record<string, { anyOf: { enum?: string[] }[] }> };
    expect(kaiming.properties.mode!.anyOf[0]!.enum).toEqual(["fan_in", "fan_out", "FAN_IN", "FAN_OUT"]);
    const constant = initializerEntryJsonSchema("Constant") as { allOf: unknown[] };
    expect(constant.allOf).toEqual([{ required: ["val"] }]);
  });

  it("lists every registered initializer, third-party ones with a declaration like a built-in", () => {
    const SCALED_ARGUMENTS = defineArgumentSchema({
      ...BASE_INIT_ARGUMENTS,
      scale: { kind: "number", minimum: 0, float32: true, default: 1, description: "half-width" },
    });
    class ScaledUniformInit extends BaseInit {
      static override readonly initializerName = "ScaledUniformInit";
      static override readonly argumentSchema = SCALED_ARGUMENTS;
      readonly scale: number;
      constructor(args: ArgumentsFromSchema<typeof SCALED_ARGUMENTS> = {}) {
        super(args);
        this.scale = this.arguments(SCALED_ARGUMENTS).scale;
      }
      weightRule(): FillRule {
        return { kind: "uniform", low: -this.scale, high: this.scale };
      }
    }
    WEIGHT_INITIALIZERS.register("test.ScaledUniform", ScaledUniformInit, { force: true });
    const schema = initializerJsonSchema() as { $defs: { initializers: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(schema.$defs.initializers)).toEqual(expect.arrayContaining(["Constant", "Kaiming", "Pretrained", "test.ScaledUniform"]));
    expect(schema.$defs.initializers["test.ScaledUniform"]!.properties.scale).toMatchObject({ default: 1, description: "half-width" });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    const error = errorOf(() => buildInitializer({ type: "test.ScaledUniform", scal: 2 } as never, "initCfg[0]"));
    expect([error.path, error.hint]).toEqual(["initCfg[0].scal", expect.stringContaining("did you mean 'scale'")]);
    expect((buildInitializer({ type: "test.ScaledUniform", scale: true } as never) as ScaledUniformInit).scale).toBe(1);
  });

  it("keeps the key-by-key path for classes that list argumentNames and read them with readArguments", () => {
    class LegacyInit extends BaseInit {
      static override readonly initializerName = "LegacyInit";
      static override readonly argumentNames = [...BaseInit.argumentNames, "value"];
      readonly value: number;
      constructor(args: { value?: number | null; layer?: string } = {}) {
        super(args);
        this.value = this.readArguments(args).number("value", { default: 3 });
      }
      weightRule(): FillRule {
        return { kind: "constant", value: this.value };
      }
    }
    expect(new LegacyInit({ value: null }).value).toBe(3);
    expect(errorOf(() => new LegacyInit({ valeu: 1 } as never)).hint).toContain("did you mean 'value'");
    expect(errorOf(() => new TruncNormalInit({ boundsIn: "sdt" as "std" })).hint).toContain("did you mean 'std'");
  });
});
