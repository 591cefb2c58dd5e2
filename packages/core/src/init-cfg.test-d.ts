import { describe, expectTypeOf, it } from "vitest";
import { BaseModule, Sequential, untypedInitCfg } from "./index";
import type { ModuleInitCfg } from "./index";

describe("initCfg types", () => {
  it("accepts typed entries and rejects typos, wrong enum values and missing arguments", () => {
    new BaseModule([{ type: "Kaiming", mode: "fan_in", layer: "Conv2d", override: { name: "head", type: "Normal", std: 0.01 } }]);
    new Sequential([], { initCfg: { type: "Constant", val: 1, layer: "_BatchNorm" } });
    // @ts-expect-error a typo in a key
    new BaseModule({ type: "Kaiming", mdoe: "fan_in", layer: "Conv2d" });
    // @ts-expect-error a wrong enum value
    new BaseModule({ type: "Kaiming", mode: "fan_avg", layer: "Conv2d" });
    // @ts-expect-error Constant needs val
    new BaseModule({ type: "Constant", layer: "Linear" });
    // @ts-expect-error snake_case keys need untypedInitCfg
    new BaseModule({ type: "Normal", std: 0.01, bias_prob: 0.01, layer: "Linear" });
    new BaseModule(untypedInitCfg({ type: "Normal", std: 0.01, bias_prob: 0.01, layer: "Linear" }));
    expectTypeOf(untypedInitCfg({})).toMatchTypeOf<ModuleInitCfg>();
  });
});
