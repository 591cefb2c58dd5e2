import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { NONLINEARITIES, type Nonlinearity } from "../math/calculate-gain";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { KAIMING_MODES, kaimingRule, ZERO_ELEMENT_WARNING } from "../rules/kaiming-rule";
import { DISTRIBUTIONS, type Distribution } from "../rules/xavier-rule";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link KaimingInit}'s arguments (`{ type: 'Kaiming', ... }`). */
export const KAIMING_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  a: { kind: "number", default: 0, description: "negative slope of the rectifier after this layer (leaky_relu only)" },
  mode: {
    kind: "enum",
    values: KAIMING_MODES,
    ignoreCase: true,
    default: "fan_out",
    description: "fan_out preserves the magnitude in the backward pass, fan_in in the forward pass; any case (torch lower-cases it)",
  },
  nonlinearity: { kind: "enum", values: NONLINEARITIES, default: "relu", description: "nonlinearity after this layer (MMEngine's default; torch's is leaky_relu)" },
  distribution: { kind: "enum", values: DISTRIBUTIONS, default: "normal", description: "normal N(0, std²) or uniform U(-√3·std, √3·std)" },
});

/** Arguments of {@link KaimingInit}, inferred from {@link KAIMING_ARGUMENTS}. */
export type KaimingInitArgs = ArgumentsFromSchema<typeof KAIMING_ARGUMENTS>;

/** Kaiming arguments a subclass fixes (Caffe2Xavier), applied over the validated ones. */
export type FixedKaimingArguments = Partial<Pick<KaimingInit, "a" | "mode" | "nonlinearity" | "distribution">>;

/**
 * He/Kaiming initialization (MMEngine's `KaimingInit`, registered as `Kaiming`), with MMEngine's
 * defaults `a=0, mode='fan_out', nonlinearity='relu', distribution='normal'` (torch's own defaults
 * differ). `std = calculateGain(nonlinearity, a) / √fan`. Weights of rank < 2 fail at plan time; a
 * weight without elements is left untouched with torch's warning.
 * Info: `KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0` (the space
 * before `=` is MMEngine's).
 * @example
 * new KaimingInit({ mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1, layer: "Conv2d" });
 */
export class KaimingInit extends BaseInit {
  static override readonly initializerName: string = "KaimingInit";
  static override readonly argumentSchema: typeof KAIMING_ARGUMENTS | typeof BASE_INIT_ARGUMENTS = KAIMING_ARGUMENTS;
  /** Arguments the class fixes instead of reading them (none for Kaiming itself). */
  static readonly fixedArguments: FixedKaimingArguments = {};

  readonly a: number;
  /** As given (`'FAN_IN'` stays upper-case in `info`); compared lower-cased. */
  readonly mode: string;
  readonly nonlinearity: Nonlinearity;
  readonly distribution: Distribution;

  constructor(args: KaimingInitArgs = {}) {
    super(args);
    const defaults = { a: 0, mode: "fan_out", nonlinearity: "relu", distribution: "normal" } as const;
    const given = { ...defaults, ...this.arguments(KAIMING_ARGUMENTS), ...new.target.fixedArguments };
    this.a = given.a;
    this.mode = given.mode;
    this.nonlinearity = given.nonlinearity;
    this.distribution = given.distribution;
  }

  override get info(): string {
    return (
      `${this.initializerName}: a=${formatPythonValue(this.a)}, mode=${this.mode}, ` +
      `nonlinearity=${this.nonlinearity}, distribution =${this.distribution}, bias=${formatPythonValue(this.bias)}`
    );
  }

  weightRule(weight: ParamLike, warn: (message: string) => void): FillRule | null {
    const rule = kaimingRule(weight, this);
    if (rule === null) warn(ZERO_ELEMENT_WARNING);
    return rule;
  }
}

/** Options of {@link kaimingInit}: `a`, `mode`, `nonlinearity`, `distribution`, `bias` and `onWarning`. */
export type KaimingInitOptions = InitFunctionOptionsOf<KaimingInitArgs>;

/**
 * Kaiming-initializes `target.weight` and fills `target.bias` with `bias`, with MMEngine's defaults
 * (`kaiming_init(module, a=0, mode='fan_out', nonlinearity='relu', bias=0, distribution='normal')`,
 * not torch's). Rank < 2 fails before anything is written; a weight without elements is left
 * untouched with torch's warning.
 * @example
 * await kaimingInit(conv, { mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1, distribution: "uniform" });
 */
export async function kaimingInit(target: InitTarget, options?: KaimingInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("kaimingInit", options);
  await applyInitFunction("kaimingInit", new KaimingInit(args), target, onWarning);
}
