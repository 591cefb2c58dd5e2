import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs, BaseInit } from "./base-init";
import { hostValuesRule } from "./host-values";

/** The declaration of {@link EyeInit}'s arguments: only the common ones. */
export const EYE_ARGUMENTS = BASE_INIT_ARGUMENTS;

/** Arguments of {@link EyeInit}. */
export type EyeInitArgs = BaseInitArgs;

/**
 * The identity of PyTorch's `eye_(tensor)` on a 2-D weight in torch's layout `(out, in)`: ones on the
 * diagonal, zeros elsewhere (rectangular weights keep `min(out, in)` ones), so a Linear layer passes
 * its inputs through. A tfjs `IO` kernel gets the transposed identity. Anything but 2-D fails at
 * plan time (`INITLIB_BAD_SHAPE`). Info: `EyeInit: bias=0`.
 * @example
 * new EyeInit({ layer: "Linear" });
 */
export class EyeInit extends BaseInit {
  static override readonly initializerName: string = "EyeInit";
  static override readonly argumentSchema = EYE_ARGUMENTS;

  override get info(): string {
    return `${this.initializerName}: bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    if (weight.shape.length !== 2) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "Only tensors with 2 dimensions are supported", {
        received: [...weight.shape],
        expected: "a 2-D weight (Linear, Embedding)",
        hint: "restrict `layer` to layers with matrix weights; for convolutions use Dirac",
      });
    }
    return hostValuesRule("Eye", weight, ([rows, columns]) => {
      const values = new Float32Array(rows! * columns!);
      for (let index = 0; index < Math.min(rows!, columns!); index += 1) values[index * columns! + index] = 1;
      return values;
    });
  }
}

/** Options of {@link eyeInit}: `bias` and `onWarning`. */
export type EyeInitOptions = InitFunctionOptionsOf<EyeInitArgs>;

/**
 * Fills the 2-D `target.weight` with the identity (PyTorch's `eye_`) and `target.bias` with `bias`.
 * @example
 * await eyeInit(linear);
 */
export async function eyeInit(target: InitTarget, options?: EyeInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("eyeInit", options);
  await applyInitFunction("eyeInit", new EyeInit(args), target, onWarning);
}
