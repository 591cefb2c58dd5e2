import { describe, expectTypeOf, it } from "vitest";
import type { InitCfg, InitCfgEntry, InitOverride, KaimingInitArgs } from "@initlib/initializers";
import type { OrthogonalInitArgs } from "./example-package/index";

describe("typed initCfg", () => {
  it("accepts the built-ins with their arguments, lists, overrides and nothing", () => {
    const entries: InitCfg = [
      { type: "Kaiming", layer: "Conv2d", mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1 },
      { type: "Constant", val: 1, bias: 0, layer: ["_BatchNorm", "GroupNorm"] },
      { type: "TruncNormal", std: 0.02, boundsIn: "std", layer: "Linear" },
      { type: "Normal", std: 0.01, biasProb: 0.01, override: { name: "head", type: "Xavier", distribution: "uniform" } },
      { type: "Caffe2Xavier", override: [{ name: "fc" }] },
    ];
    expectTypeOf(entries).toExtend<InitCfg>();
    expectTypeOf<null>().toExtend<InitCfg>();
    expectTypeOf<{ name: string }>().toExtend<InitOverride>();
    expectTypeOf<KaimingInitArgs["mode"]>().toEqualTypeOf<"fan_in" | "fan_out" | "FAN_IN" | "FAN_OUT" | undefined>();
  });

  it("rejects a wrong key", () => {
    // @ts-expect-error `sigma` is not an argument of Normal
    const entry: InitCfgEntry = { type: "Normal", sigma: 1 };
    void entry;
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error Kaiming has no mode 'fan_avg'
    const entry: InitCfgEntry = { type: "Kaiming", mode: "fan_avg" };
    void entry;
  });

  it("rejects a missing required argument", () => {
    // @ts-expect-error Constant needs `val`
    const entry: InitCfgEntry = { type: "Constant", bias: 0 };
    void entry;
  });

  it("rejects an option of another entry", () => {
    // @ts-expect-error `mode` belongs to Kaiming, not Constant
    const entry: InitCfgEntry = { type: "Constant", val: 1, mode: "fan_in" };
    void entry;
  });

  it("rejects an unknown type", () => {
    // @ts-expect-error there is no initializer `Kaimng`
    const entry: InitCfgEntry = { type: "Kaimng" };
    void entry;
  });

  it("rejects fixed Kaiming arguments on Caffe2Xavier", () => {
    // @ts-expect-error Caffe2Xavier fixes `a`
    const entry: InitCfgEntry = { type: "Caffe2Xavier", a: 1 };
    void entry;
  });

  it("types an augmented third-party initializer", () => {
    const entry: InitCfgEntry = { type: "acme.Orthogonal", gain: 2, layer: "Linear" };
    expectTypeOf(entry).toExtend<InitCfgEntry>();
    expectTypeOf<Extract<InitCfgEntry, { type: "acme.Orthogonal" }>["gain"]>().toEqualTypeOf<OrthogonalInitArgs["gain"]>();
    // @ts-expect-error `val` is an argument of Constant, not of acme.Orthogonal
    const wrong: InitCfgEntry = { type: "acme.Orthogonal", val: 1 };
    void wrong;
  });
});
