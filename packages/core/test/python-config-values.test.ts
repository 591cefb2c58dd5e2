// A config written as Python writes it is read as MMEngine reads it: True/False where numbers go
// are 1/0, and None for `layer`, `override` and optional arguments means "not given".
import { describe, expect, it } from "vitest";
import { BaseModule, Linear, silentLogger } from "@initlib/core";

class Net extends BaseModule {
  static override readonly typeName = "Net";
  fc = new Linear({ inFeatures: 4, outFeatures: 2 });
}

describe("Python values in initCfg", () => {
  it("reads True/False as 1/0 and None as not given, in entries and overrides", async () => {
    const net = new Net([
      { type: "Constant", val: true, bias: false, layer: "Linear", override: null, bias_prob: null },
      { type: "Normal", layer: null, override: { name: "fc", type: "Constant", val: 2, bias: true } },
    ] as never);
    await net.initWeights({ seed: 1, logger: silentLogger });
    expect([...(await net.fc.weight.read())]).toEqual(new Array(8).fill(2));
    expect([...(await net.fc.bias!.read())]).toEqual([1, 1]);
  });

  it("writes the first entry's values when the second has layer=None and no override", async () => {
    const net = new Net([
      { type: "Constant", val: true, bias: false, layer: "Linear" },
      { type: "Normal", layer: null, override: null },
    ] as never);
    await net.initWeights({ seed: 1, logger: silentLogger });
    expect([...(await net.fc.weight.read())]).toEqual(new Array(8).fill(1));
    expect([...(await net.fc.bias!.read())]).toEqual([0, 0]);
  });
});
