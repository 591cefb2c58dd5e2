import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link NormalInit} (`{ type: 'Normal', ... }`). */
export interface NormalInitArgs extends BaseInitArgs {
  /** @default 0 */
  mean?: number;
  /**
   * Standard deviation, ≥ 0.
   * @default 1
   */
  std?: number;
}

/**
 * Fills matched weights from N(mean, std²) (MMEngine's `NormalInit`, registered as `Normal`).
 * Info: `NormalInit: mean=0, std=1, bias=0`.
 * @example
 * new NormalInit({ std: 0.01, biasProb: 0.01, layer: "Conv2d" });
 */
export class NormalInit extends BaseInit {
  static override readonly initializerName: string = "NormalInit";
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "mean", "std"];

  readonly mean: number;
  readonly std: number;

  constructor(args: NormalInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.mean = reader.number("mean", { default: 0 });
    this.std = reader.number("std", { default: 1, min: 0 });
  }

  override get info(): string {
    return `${this.initializerName}: mean=${formatPythonValue(this.mean)}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "normal", mean: this.mean, std: this.std };
  }
}
