import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { DISTRIBUTIONS, type Distribution, xavierRule } from "../rules/xavier-rule";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link XavierInit}'s arguments (`{ type: 'Xavier', ... }`). */
export const XAVIER_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  gain: { kind: "number", float32: true, minimum: 0, default: 1, description: "scaling factor, e.g. calculateGain('relu')" },
  distribution: { kind: "enum", values: DISTRIBUTIONS, default: "normal", description: "normal N(0, std²) or uniform U(-√3·std, √3·std)" },
});

/** Arguments of {@link XavierInit}, inferred from {@link XAVIER_ARGUMENTS}. */
export type XavierInitArgs = ArgumentsFromSchema<typeof XAVIER_ARGUMENTS>;

/**
 * Xavier/Glorot initialization (MMEngine's `XavierInit`, registered as `Xavier`):
 * `std = gain·√(2 / (fanIn + fanOut))`, normal or uniform. Weights of rank < 2 fail at plan time.
 * Info: `XavierInit: gain=1, distribution=normal, bias=0`.
 * @example
 * new XavierInit({ distribution: "uniform", layer: "Linear" });
 */
export class XavierInit extends BaseInit {
  static override readonly initializerName: string = "XavierInit";
  static override readonly argumentSchema = XAVIER_ARGUMENTS;

  readonly gain: number;
  readonly distribution: Distribution;

  constructor(args: XavierInitArgs = {}) {
    super(args);
    const { gain, distribution } = this.arguments(XAVIER_ARGUMENTS);
    this.gain = gain;
    this.distribution = distribution;
  }

  override get info(): string {
    return `${this.initializerName}: gain=${formatPythonValue(this.gain)}, distribution=${this.distribution}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    return xavierRule(weight, this.gain, this.distribution);
  }
}

/** Options of {@link xavierInit}: `gain`, `distribution`, `bias` and `onWarning`. */
export type XavierInitOptions = InitFunctionOptionsOf<XavierInitArgs>;

/**
 * Xavier-initializes `target.weight` (`std = gain·√(2 / (fanIn + fanOut))`) and fills `target.bias`
 * with `bias` (MMEngine's `xavier_init(module, gain=1, bias=0, distribution='normal')`). A weight of
 * rank < 2 fails with torch's message before anything is written.
 * @example
 * await xavierInit(linear, { distribution: "uniform" });
 */
export async function xavierInit(target: InitTarget, options?: XavierInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("xavierInit", options);
  await applyInitFunction("xavierInit", new XavierInit(args), target, onWarning);
}
