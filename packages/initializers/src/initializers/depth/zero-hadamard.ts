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

/** Number of set bits of a non-negative integer below 2^31. */
function bitCount(value: number): number {
  let count = 0;
  for (let rest = value; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

/**
 * ZerO's matrix for a layer of `outputs × inputs` (Zhao, Schäfer & Anandkumar, 2022, "ZerO
 * Initialization: Initializing Neural Networks with only Zeros and Ones", TMLR, Algorithm 1),
 * row-major `(out, in)`: the identity when out = in; the partial identity I* (ones on the leading
 * diagonal) when out < in; when out > in, c·I*·H_m·I* with m = ⌈log₂ out⌉, H_m the 2^m × 2^m
 * Sylvester–Hadamard matrix (H[i][j] = (−1)^popcount(i & j)) cut to the first `out` rows and `in`
 * columns, and c = 2^(−(m−1)/2).
 * @example
 * zerOMatrix(4, 2); // c = 2^(-1/2): [[c, c], [c, -c], [c, c], [c, -c]]
 */
export function zerOMatrix(outputs: number, inputs: number): Float32Array {
  const values = new Float32Array(outputs * inputs);
  if (outputs <= inputs) {
    for (let index = 0; index < outputs; index += 1) values[index * inputs + index] = 1;
    return values;
  }
  const m = Math.ceil(Math.log2(outputs));
  const c = 2 ** (-(m - 1) / 2);
  for (let row = 0; row < outputs; row += 1) {
    for (let column = 0; column < inputs; column += 1) values[row * inputs + column] = bitCount(row & column) % 2 === 0 ? c : -c;
  }
  return values;
}

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
    return hostValuesRule("ZerO", weight, (shape) => {
      const [outputs, inputs] = shape as [number, number];
      const spatial = shape.slice(2);
      const taps = elementCount(spatial);
      let centre = 0;
      for (const size of spatial) centre = centre * size + Math.floor(size / 2);
      const matrix = zerOMatrix(outputs, inputs);
      const values = new Float32Array(outputs * inputs * taps);
      for (let index = 0; index < matrix.length; index += 1) values[index * taps + centre] = matrix[index]!;
      return values;
    });
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
