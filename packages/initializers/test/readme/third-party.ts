import { BaseInit, type BaseInitArgs, buildInitializer, type FillRule, WEIGHT_INITIALIZERS } from "@initlib/initializers";

interface ZeroMeanUniformArgs extends BaseInitArgs {
  scale?: number;
}

class ZeroMeanUniformInit extends BaseInit {
  static override readonly initializerName = "ZeroMeanUniformInit"; // a literal: bundlers rename classes
  static override readonly argumentNames = [...BaseInit.argumentNames, "scale"];
  readonly scale: number;
  constructor(args: ZeroMeanUniformArgs = {}) {
    super(args); // validates bias, biasProb, layer and rejects unknown keys
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

WEIGHT_INITIALIZERS.register("acme.ZeroMeanUniform", ZeroMeanUniformInit, { force: true });

// Now a typed initCfg entry: `{ type: "acme.ZeroMeanUniform", scal: 1 }` fails to compile.
export const built = buildInitializer({ type: "acme.ZeroMeanUniform", scale: 0.5, layer: "Linear" });
