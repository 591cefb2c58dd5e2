import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import { NONLINEARITIES, type Nonlinearity } from "../math/calculate-gain";
import type { ParamLike } from "../param-like";
import { KAIMING_MODES, kaimingRule, type KaimingMode, ZERO_ELEMENT_WARNING } from "../rules/kaiming-rule";
import { DISTRIBUTIONS, type Distribution } from "../rules/xavier-rule";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link KaimingInit} (`{ type: 'Kaiming', ... }`). */
export interface KaimingInitArgs extends BaseInitArgs {
  /**
   * Negative slope of the rectifier after this layer, passed to `calculateGain` (`leaky_relu` only).
   * @default 0
   */
  a?: number;
  /**
   * `fan_out` preserves the magnitude in the backward pass, `fan_in` in the forward pass. Any case
   * is accepted (torch lower-cases it) and printed as given.
   * @default "fan_out"
   */
  mode?: KaimingMode | Uppercase<KaimingMode>;
  /**
   * Nonlinearity after this layer; MMEngine's default differs from torch's (`leaky_relu`).
   * @default "relu"
   */
  nonlinearity?: Nonlinearity;
  /** @default "normal" */
  distribution?: Distribution;
}

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
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "a", "mode", "nonlinearity", "distribution"];

  readonly a: number;
  /** As given (`'FAN_IN'` stays upper-case in `info`); compared lower-cased. */
  readonly mode: string;
  readonly nonlinearity: Nonlinearity;
  readonly distribution: Distribution;

  constructor(args: KaimingInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.a = reader.number("a", { default: 0 });
    this.mode = reader.choice("mode", KAIMING_MODES, { default: "fan_out", normalize: (mode) => mode.toLowerCase() });
    this.nonlinearity = reader.choice("nonlinearity", NONLINEARITIES, { default: "relu" }) as Nonlinearity;
    this.distribution = reader.choice("distribution", DISTRIBUTIONS, { default: "normal" }) as Distribution;
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
