import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { ParamLike } from "../param-like";
import { DISTRIBUTIONS, type Distribution, xavierRule } from "../rules/xavier-rule";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link XavierInit} (`{ type: 'Xavier', ... }`). */
export interface XavierInitArgs extends BaseInitArgs {
  /**
   * Scaling factor, e.g. `calculateGain('relu')`.
   * @default 1
   */
  gain?: number;
  /**
   * @default "normal"
   */
  distribution?: Distribution;
}

/**
 * Xavier/Glorot initialization (MMEngine's `XavierInit`, registered as `Xavier`):
 * `std = gain·√(2 / (fanIn + fanOut))`, normal or uniform. Weights of rank < 2 fail at plan time.
 * Info: `XavierInit: gain=1, distribution=normal, bias=0`.
 * @example
 * new XavierInit({ distribution: "uniform", layer: "Linear" });
 */
export class XavierInit extends BaseInit {
  static override readonly initializerName: string = "XavierInit";
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "gain", "distribution"];

  readonly gain: number;
  readonly distribution: Distribution;

  constructor(args: XavierInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.gain = reader.number("gain", { default: 1, min: 0 });
    this.distribution = reader.choice("distribution", DISTRIBUTIONS, { default: "normal" }) as Distribution;
  }

  override get info(): string {
    return `${this.initializerName}: gain=${formatPythonValue(this.gain)}, distribution=${this.distribution}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    return xavierRule(weight, this.gain, this.distribution);
  }
}
