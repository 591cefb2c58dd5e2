import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { BaseModule, Linear, type ModuleInitCfg, silentLogger } from "../src/index";

class Net extends BaseModule {
  static override readonly typeName = "Net";
  fc = new Linear({ inFeatures: 4, outFeatures: 3 });
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InitlibError.isInstance(error), String(error)).toBe(true);
  return error as InitlibError;
};

describe("initWeights on hostile or conflicting input", () => {
  it("refuses a rule whose values overflow float32 before writing anything", async () => {
    const configs: ModuleInitCfg[] = [
      { type: "Normal", std: 1e308, layer: "Linear" },
      { type: "Constant", val: 1e39, layer: "Linear" },
      { type: "Uniform", a: -1e300, b: 0, layer: "Linear" },
    ];
    for (const initCfg of configs) {
      const net = new Net(initCfg);
      const error = await failure(net.initWeights({ logger: silentLogger }));
      expect(error.code).toBe("INITLIB_NON_FINITE");
      expect(error.path).toBe("fc.weight");
      expect(net.fc.weight.isMaterialized).toBe(false); // nothing was allocated or written
      expect(net.isInit).toBe(false);
    }
  });

  it("refuses a second concurrent initWeights on one model, and the first call completes", async () => {
    const net = new Net({ type: "Constant", val: 2, layer: "Linear" });
    const first = net.initWeights({ logger: silentLogger });
    const second = await failure(net.initWeights({ logger: silentLogger }));
    expect(second.code).toBe("INITLIB_CONCURRENT_INIT");
    await first;
    expect([...(await net.fc.weight.read())]).toEqual(new Array(12).fill(2));
  });
});
