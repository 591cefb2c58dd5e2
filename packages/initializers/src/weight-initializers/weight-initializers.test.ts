import { Registry } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { container, linear } from "../../test/fake-module";
import { registryCase } from "../../test/reference-cases";
import type { FillRule } from "../fill-rule";
import { BaseInit, type BaseInitArgs } from "../initializers/base-init";
import { Caffe2XavierInit } from "../initializers/caffe2-xavier";
import { ConstantInit } from "../initializers/constant";
import { formatPythonValue } from "../math/format-python-value";
import { buildInitializer } from "./build-initializer";
import { WEIGHT_INITIALIZERS } from "./weight-initializers";
import { errorOf } from "../error-of";

const BUILT_INS = ["Constant", "Xavier", "Normal", "TruncNormal", "Uniform", "Kaiming", "Caffe2Xavier"] as const;

describe("WEIGHT_INITIALIZERS (weight_initializers_registry_identity)", () => {
  const recorded = registryCase("weight_initializers_registry_identity").result as {
    name: string;
    scope: string;
    keys_in_registration_order: string[];
    class_of_each_key: Record<string, string>;
    parent: null;
  };

  it("is MMEngine's registry: name, scope, no parent, built-ins in registration order", () => {
    expect(WEIGHT_INITIALIZERS.name).toBe(recorded.name);
    expect(WEIGHT_INITIALIZERS.scope).toBe(recorded.scope);
    expect(WEIGHT_INITIALIZERS.parent ?? null).toBe(recorded.parent);
    expect(WEIGHT_INITIALIZERS.names().slice(0, 8)).toEqual(recorded.keys_in_registration_order);
    for (const name of [...BUILT_INS, "Pretrained"]) {
      const target = WEIGHT_INITIALIZERS.get(name) as unknown as typeof BaseInit;
      expect(target.initializerName).toBe(recorded.class_of_each_key[name]);
    }
  });

  it("is pinned on globalThis", () => {
    const slot = (globalThis as Record<symbol, Map<string, unknown> | undefined>)[Symbol.for("@initlib/registry/global-registries")];
    expect(slot?.get("@initlib/initializers:weight-initializers")).toBe(WEIGHT_INITIALIZERS);
    expect(Registry.isInstance(WEIGHT_INITIALIZERS)).toBe(true);
  });
});

/** MMEngine's attribute names where initlib's differ (a name that says what the flag does). */
const attributeName = (mmengineName: string) => ({ wholemodule: "matchesEveryModule" })[mmengineName] ?? mmengineName;

describe("building the built-ins (registry_cases)", () => {
  it.each(BUILT_INS.map((name) => [name] as const))("build_%s_defaults", (name) => {
    const recorded = registryCase(`build_${name.toLowerCase()}_defaults`).result as { class: string; attrs: Record<string, unknown> };
    const built = WEIGHT_INITIALIZERS.build(name === "Constant" ? { type: name, val: 1 } : { type: name }) as BaseInit;
    expect(built.initializerName).toBe(recorded.class);
    for (const [key, value] of Object.entries(recorded.attrs)) {
      expect((built as unknown as Record<string, unknown>)[attributeName(key)]).toEqual(value);
    }
  });

  it("build_pretrained_defaults", () => {
    const recorded = registryCase("build_pretrained_defaults").result as { class: string; attrs: Record<string, unknown> };
    const built = WEIGHT_INITIALIZERS.build({ type: "Pretrained", checkpoint: "x.pth" }) as unknown as Record<string, unknown>;
    expect((built.constructor as { initializerName?: string }).initializerName).toBe(recorded.class);
    expect([built.checkpoint, built.prefix ?? null, built.mapLocation]).toEqual([
      recorded.attrs.checkpoint,
      recorded.attrs.prefix,
      recorded.attrs.map_location,
    ]);
  });

  it("get_info_strings_of_defaults", () => {
    const recorded = registryCase("get_info_strings_of_defaults").result as Record<string, string>;
    for (const name of BUILT_INS) {
      const built = buildInitializer(name === "Constant" ? { type: name, val: 0 } : { type: name });
      expect(built.info).toBe(recorded[name]);
    }
    expect(buildInitializer({ type: "Pretrained", checkpoint: "x.pth" }).info).toBe(recorded.Pretrained);
  });

  it("base_init_info_string", () => {
    class PlainInit extends BaseInit {
      static override readonly initializerName = "BaseInit";
      weightRule(): FillRule {
        return { kind: "constant", value: 0 };
      }
    }
    expect(new PlainInit().info).toBe(registryCase("base_init_info_string").result);
  });

  it("build_scoped_key_mmengine_dot_constant", () => {
    const built = WEIGHT_INITIALIZERS.build({ type: "mmengine.Constant" as "Constant", val: 1 }) as BaseInit;
    expect(built.initializerName).toBe(registryCase("build_scoped_key_mmengine_dot_constant").result);
    expect(built).toBeInstanceOf(ConstantInit);
  });

  it("build_with_bias_prob", () => {
    const recorded = registryCase("build_with_bias_prob").result as { class: string; attrs: Record<string, unknown> };
    const built = buildInitializer({ type: "Normal", biasProb: 0.01, layer: "Conv2d" }) as BaseInit;
    expect(built.initializerName).toBe(recorded.class);
    for (const [key, value] of Object.entries(recorded.attrs)) expect((built as unknown as Record<string, unknown>)[attributeName(key)]).toEqual(value);
  });

  it("build_with_default_args: the config wins over defaults", () => {
    const recorded = registryCase("build_with_default_args").result as { class: string; val: number; bias: number };
    const built = WEIGHT_INITIALIZERS.build({ type: "Constant", val: 3 }, { val: 5, bias: 1 }) as ConstantInit;
    expect([built.initializerName, built.val, built.bias]).toEqual([recorded.class, recorded.val, recorded.bias]);
  });

  it("build_unknown_type names the registry, the path and the closest names", () => {
    expect(registryCase("build_unknown_type").exception?.message).toContain("mmengine::weight initializer");
    const error = errorOf(() => buildInitializer({ type: "Kaimng" }, "initCfg[2]"));
    expect(error.code).toBe("INITLIB_UNKNOWN_TYPE");
    expect(error.path).toBe("initCfg[2].type");
    expect(error.message).toContain("weight initializer");
    expect(error.message).toContain("Kaiming");
  });

  it("build_missing_type", () => {
    expect(registryCase("build_missing_type").exception?.type).toBe("KeyError");
    const error = errorOf(() => buildInitializer({ val: 1 }, "initCfg[0]"));
    expect(error.code).toBe("INITLIB_MISSING_TYPE");
    expect(error.path).toBe("initCfg[0]");
  });

  it("prefixes argument errors with the config path and keeps their code", () => {
    const error = errorOf(() => buildInitializer({ type: "Normal", std: -1 }, "initCfg[1]"));
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(error.path).toBe("initCfg[1].std");
    expect(errorOf(() => buildInitializer({ type: "Caffe2Xavier", mode: "fan_out" }, "initCfg")).path).toBe("initCfg.mode");
    expect(errorOf(() => buildInitializer({ type: "Kaiming", mode: "fan_avg" })).path).toBe("initCfg.mode");
  });

  it("leaves override to the caller", () => {
    const built = buildInitializer({ type: "Constant", val: 1, layer: "Linear", override: { name: "head", type: "Normal" } });
    expect(built.info).toBe("ConstantInit: val=1, bias=0");
    expect(built.layer).toEqual(["Linear"]);
    expect(built.matchesEveryModule).toBe(false);
  });

  it("rejects an entry that is not an object", () => {
    expect(errorOf(() => buildInitializer("Kaiming" as never, "initCfg[0]")).code).toBe("INITLIB_BAD_CONFIG");
  });

  it("builds Caffe2Xavier as a Kaiming subclass", () => {
    expect(buildInitializer({ type: "Caffe2Xavier" })).toBeInstanceOf(Caffe2XavierInit);
  });
});

describe("custom_registered_initializer_used_by_init_cfg", () => {
  interface FillArgs extends BaseInitArgs {
    value: number;
  }
  class OracleFillInit extends BaseInit {
    static override readonly initializerName = "OracleFillInit";
    static override readonly argumentNames = [...BaseInit.argumentNames, "value"];
    readonly value: number;
    constructor(args: FillArgs) {
      super(args);
      this.value = this.readArguments(args).number("value", { required: true });
    }
    override get info(): string {
      return `${this.initializerName}: value=${formatPythonValue(this.value)}`;
    }
    weightRule(): FillRule {
      return { kind: "constant", value: this.value };
    }
  }

  it("registers, builds from a config and plans like MMEngine's recorded run", async () => {
    const recorded = registryCase("custom_registered_initializer_used_by_init_cfg").result as Record<string, { values: number[] }> & {
      init_info: { name: string; info: string }[];
    };
    WEIGHT_INITIALIZERS.register("test.OracleFill", OracleFillInit, { force: true });
    const fc = linear(2, 2, { path: "fc" });
    const model = container("Model", [["fc", fc]]);
    const initializer = buildInitializer({ type: "test.OracleFill", value: 0.125, bias: 0.5, layer: "Linear" } as never);
    const plan = await initializer.plan(model);
    for (const write of plan.writes) await fc[write.tensor === fc.weight ? "weight" : "bias"]!.assign(write.rule, write.info);
    expect([...fc.weight!.data]).toEqual(recorded["fc.weight"]!.values);
    expect([...fc.bias!.data]).toEqual(recorded["fc.bias"]!.values);
    expect([fc.weight!.info, fc.bias!.info]).toEqual(recorded.init_info.map((entry) => entry.info));
  });
});
