// The three ways of using initlib (README.md), as they concern the module tree. The same code is
// in packages/core/README.md.
import { describe, expect, it } from "vitest";
import { BaseInit, type BaseInitArgs, createHostBackend, type FillRule, kaimingInit, WEIGHT_INITIALIZERS } from "@initlib/initializers";
import type { Backend } from "@initlib/initializers";
import { BaseModule, Conv2d, Linear, silentLogger } from "../src/index";

interface ZeroMeanUniformArgs extends BaseInitArgs {
  scale?: number;
}

class ZeroMeanUniformInit extends BaseInit {
  static override readonly initializerName = "ZeroMeanUniformInit";
  static override readonly argumentNames = [...BaseInit.argumentNames, "scale"];
  readonly scale: number;
  constructor(args: ZeroMeanUniformArgs = {}) {
    super(args);
    this.scale = this.readArguments(args).number("scale", { default: 1, min: 0 });
  }
  override get info(): string {
    return `${this.initializerName}: scale=${this.scale}, bias=${this.bias}`;
  }
  weightRule(): FillRule {
    return { kind: "uniform", low: -this.scale, high: this.scale };
  }
}

declare module "@initlib/initializers" {
  interface InitializerMap {
    "acme.ZeroMeanUniform": ZeroMeanUniformArgs;
  }
}

class Net extends BaseModule {
  static override readonly typeName = "Net";
  conv = new Conv2d({ inChannels: 3, outChannels: 8, kernelSize: 3 });
  head = new Linear({ inFeatures: 8, outFeatures: 2 });
}

describe("using core", () => {
  it("1. pick and choose: an init function on a core layer", async () => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 8, kernelSize: 3 });
    await kaimingInit(conv, { mode: "fan_in" }); // before materialization: replaces the layer default
    const net = new Net();
    net.conv = conv;
    const report = await net.initWeights({ logger: silentLogger });
    const values = await conv.weight.read();
    const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeGreaterThan(0.15);
    expect(std).toBeLessThan(0.4); // N(0, 2/27): std 0.272
    expect([...(await conv.bias!.read())]).toEqual(new Array(8).fill(0));
    expect(report.parameters[0]!.info).toBe("The value is the same before and after calling `init_weights` of Net ");
  });

  it("2. a custom backend", async () => {
    const host = createHostBackend();
    let writes = 0;
    const backend: Backend<Float32Array> = {
      name: "mine",
      specVersion: 1,
      allocate: (shape) => host.allocate(shape) as Float32Array,
      write: (storage, values, offset) => {
        writes++;
        return host.write(storage, values, offset);
      },
      read: (storage) => host.read(storage),
      fill: (storage, value) => host.fill(storage, value),
      dispose: (storage) => host.dispose(storage),
    };
    const net = new Net({ type: "Normal", std: 0.01, layer: "Linear" });
    const report = await net.initWeights({ backend, logger: silentLogger });
    expect(report.backend).toBe("mine");
    expect(net.head.weight.backend).toBe(backend);
    expect(writes).toBeGreaterThan(0);
  });

  it("3. a third-party initializer in initCfg", async () => {
    WEIGHT_INITIALIZERS.register("acme.ZeroMeanUniform", ZeroMeanUniformInit, { force: true });
    const net = new Net([{ type: "acme.ZeroMeanUniform", scale: 0.5, layer: "Linear" }]);
    const report = await net.initWeights({ logger: silentLogger });
    expect(report.parameters.find((p) => p.name === "head.weight")!.info).toBe("ZeroMeanUniformInit: scale=0.5, bias=0");
    expect(Math.max(...(await net.head.weight.read()).map(Math.abs))).toBeLessThanOrEqual(0.5);
  });
});
