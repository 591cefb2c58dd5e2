import { BaseModule, Linear, silentLogger } from "@initlib/core";
import {
  BaseInit,
  type BaseInitArgs,
  computeFans,
  type FillRule,
  formatPythonValue,
  type ParamLike,
  WEIGHT_INITIALIZERS,
} from "@initlib/initializers";

interface LeCunNormalArgs extends BaseInitArgs {
  /** Variance scale: std = sqrt(scale / fan_in). */
  scale?: number;
}

/** LeCun normal initialization, N(0, scale / fan_in), as a third-party initializer. */
class LeCunNormalInit extends BaseInit {
  static override readonly initializerName = "LeCunNormalInit"; // a literal: bundlers rename classes
  static override readonly argumentNames = [...BaseInit.argumentNames, "scale"];
  readonly scale: number;
  constructor(args: LeCunNormalArgs = {}) {
    super(args); // validates bias, biasProb, layer; rejects unknown keys
    this.scale = this.readArguments(args).number("scale", { default: 1, min: 0 });
  }
  override get info(): string {
    return `${this.initializerName}: scale=${formatPythonValue(this.scale)}, bias=${formatPythonValue(this.bias)}`;
  }
  weightRule(weight: ParamLike): FillRule {
    return { kind: "normal", mean: 0, std: Math.sqrt(this.scale / computeFans(weight).fanIn) };
  }
}

// Teach the types: `{ type: "acme.LeCunNormal", ... }` now type-checks inside initCfg.
declare module "@initlib/initializers" {
  interface InitializerMap {
    "acme.LeCunNormal": LeCunNormalArgs;
  }
}
WEIGHT_INITIALIZERS.register("acme.LeCunNormal", LeCunNormalInit);

class Head extends BaseModule {
  static override readonly typeName = "Head";
  fc = new Linear({ inFeatures: 512, outFeatures: 256 });
}
const head = new Head({ type: "acme.LeCunNormal", scale: 1, layer: "Linear" });
export const report = await head.initWeights({ seed: 7, logger: silentLogger });
export const weights = await head.fc.weight.read();
