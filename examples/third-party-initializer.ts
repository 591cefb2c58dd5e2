import { BaseModule, Linear, silentLogger } from "@initlib/core";
import {
  type ArgumentsFromSchema,
  BASE_INIT_ARGUMENTS,
  BaseInit,
  computeFans,
  defineArgumentSchema,
  type FillRule,
  formatPythonValue,
  initializerJsonSchema,
  type ParamLike,
  WEIGHT_INITIALIZERS,
} from "@initlib/initializers";

// One declaration: the argument type, the validation (did-you-mean, bounds, Python's True/None),
// explain's defaults and the JSON Schema of initCfg entries all come from it.
const LECUN_NORMAL_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS, // bias, biasProb, layer
  scale: { kind: "number", minimum: 0, float32: true, default: 1, description: "std = sqrt(scale / fan_in)" },
});
type LeCunNormalArgs = ArgumentsFromSchema<typeof LECUN_NORMAL_ARGUMENTS>;

/** LeCun normal initialization, N(0, scale / fan_in), as a third-party initializer. */
class LeCunNormalInit extends BaseInit {
  static override readonly initializerName = "LeCunNormalInit"; // a literal: bundlers rename classes
  static override readonly argumentSchema = LECUN_NORMAL_ARGUMENTS;
  readonly scale: number;
  constructor(args: LeCunNormalArgs = {}) {
    super(args); // validates every argument against the declaration; rejects unknown keys
    this.scale = this.arguments(LECUN_NORMAL_ARGUMENTS).scale;
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
// Listed in the JSON Schema of initCfg like a built-in.
export const schema = initializerJsonSchema();
