import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../../fill-rule";
import { formatPythonValue } from "../../math/format-python-value";
import type { InitTarget } from "../../module-like";
import type { ParamLike } from "../../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "../apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs, BaseInit } from "../base-init";
import { elementCount, hostValuesRule } from "../host-values";

/** The declaration of {@link ZerOInit}'s arguments: only the common ones. */
export const ZERO_HADAMARD_ARGUMENTS = BASE_INIT_ARGUMENTS;

/** Arguments of {@link ZerOInit}. */
export type ZerOInitArgs = BaseInitArgs;

export { zerOMatrix } from "./zero-hadamard-values";

/**
 * ZerO initialization (Zhao, Schäfer & Anandkumar, 2022, TMLR), deterministic: a Linear weight
 * `(out, in)` gets {@link zerOMatrix}; a convolution kernel `(out, in, k…)` in torch's layout gets
 * that matrix at the centre tap (index ⌊k/2⌋ on every spatial axis) and zeros elsewhere, as the
 * paper does for convolutions. A tfjs kernel gets the same values in its layout. Rank < 2 fails at
 * plan time (`INITLIB_BAD_SHAPE`); the bias gets `bias` (0). Info: `ZerOInit: bias=0`.
 * @example
 * new ZerOInit({ layer: ["Linear", "Conv2d"] });
 */
export class ZerOInit extends BaseInit {
  static override readonly initializerName: string = "ZerOInit";
  static override readonly argumentSchema = ZERO_HADAMARD_ARGUMENTS;

  override get info(): string {
    return `${this.initializerName}: bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule | null {
    if (weight.shape.length < 2) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "ZerO needs a weight of rank 2 or more", {
        received: [...weight.shape],
        expected: "a Linear or convolution weight",
        hint: "restrict `layer` to Linear/Conv layers; norm gains keep their own init",
      });
    }
    if (elementCount(weight.shape) === 0) return null;
    // The values load when the rule is executed (see zero-hadamard-values.ts).
    return hostValuesRule("ZerO", weight, async (shape) => (await import("./zero-hadamard-values")).zerOValues(shape));
  }
}

/** Options of {@link zerOInit}: `bias` and `onWarning`. */
export type ZerOInitOptions = InitFunctionOptionsOf<ZerOInitArgs>;

/**
 * ZerO's deterministic identity/Hadamard init of `target.weight`, `bias` on `target.bias`.
 * @example
 * await zerOInit(linear);
 */
export async function zerOInit(target: InitTarget, options?: ZerOInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("zerOInit", options);
  await applyInitFunction("zerOInit", new ZerOInit(args), target, onWarning);
}
