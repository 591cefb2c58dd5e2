import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import { BaseInit, type BaseInitArgs } from "./base-init";

/** Arguments of {@link ConstantInit} (`{ type: 'Constant', val, ... }`). */
export interface ConstantInitArgs extends BaseInitArgs {
  /** The value every matched weight is filled with. Required. */
  val: number;
}

/**
 * Fills matched weights with `val` and biases with `bias` (MMEngine's `ConstantInit`, registered as
 * `Constant`). Info: `ConstantInit: val=1, bias=0`.
 * @example
 * new ConstantInit({ val: 1, bias: 0, layer: ["_BatchNorm", "GroupNorm"] });
 */
export class ConstantInit extends BaseInit {
  static override readonly initializerName: string = "ConstantInit";
  static override readonly argumentNames: readonly string[] = [...BaseInit.argumentNames, "val"];

  readonly val: number;

  constructor(args: ConstantInitArgs) {
    super(args);
    this.val = this.readArguments(args).number("val", { required: true });
  }

  override get info(): string {
    return `${this.initializerName}: val=${formatPythonValue(this.val)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "constant", value: this.val };
  }
}
