import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link UniformInit} (`{ type: 'Uniform', ... }`). */
export interface UniformInitArgs extends BaseInitArgs {
  /** Lower bound. @default 0 */
  a?: number;
  /** Upper bound, ≥ `a`. @default 1 */
  b?: number;
}

/**
 * Fills matched weights from U(a, b) (MMEngine's `UniformInit`, registered as `Uniform`).
 * Info: `UniformInit: a=0, b=1, bias=0`.
 * @example
 * new UniformInit({ a: -0.1, b: 0.1, layer: "Embedding" });
 */
export class UniformInit extends BaseInit {
  static override readonly initializerName: string = "UniformInit";
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "a", "b"];

  readonly a: number;
  readonly b: number;

  constructor(args: UniformInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.a = reader.number("a", { default: 0 });
    this.b = reader.number("b", { default: 1 });
    reader.requireOrdered("a", this.a, "b", this.b);
  }

  override get info(): string {
    return `${this.initializerName}: a=${formatPythonValue(this.a)}, b=${formatPythonValue(this.b)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "uniform", low: this.a, high: this.b };
  }
}
