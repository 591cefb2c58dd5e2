import { type ArgumentsFromSchema, defineArgumentSchema, InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";
import { elementCount, hostValuesRule, requireRandomKey, torchView } from "./host-values";

/** The declaration of {@link OrthogonalInit}'s arguments (`{ type: 'Orthogonal', ... }`). */
export const ORTHOGONAL_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  gain: { kind: "number", float32: true, default: 1, description: "scale of the (semi-)orthogonal matrix" },
});

/** Arguments of {@link OrthogonalInit}, inferred from {@link ORTHOGONAL_ARGUMENTS}. */
export type OrthogonalInitArgs = ArgumentsFromSchema<typeof ORTHOGONAL_ARGUMENTS>;

/**
 * PyTorch's `orthogonal_(tensor, gain)`: the weight, in torch's layout and flattened to
 * `rows = shape[0]` × `columns = the rest`, becomes the Q factor of a QR decomposition of a matrix of
 * standard normals (drawn by initlib's generator with the parameter's (seed, path), so its values
 * are those `Normal` would write), with the sign correction from R's diagonal, times `gain`: rows
 * orthonormal·gain when rows ≤ columns, columns otherwise. The QR runs on the host in float64
 * (Householder), on every backend; the result is written with the backend's `write`.
 * Rank < 2 fails at plan time, before anything is written; a weight without elements is left as it is.
 * Info: `OrthogonalInit: gain=1, bias=0`.
 * @example
 * new OrthogonalInit({ gain: Math.SQRT2, layer: "Linear" });
 */
export class OrthogonalInit extends BaseInit {
  static override readonly initializerName: string = "OrthogonalInit";
  static override readonly argumentSchema = ORTHOGONAL_ARGUMENTS;

  readonly gain: number;

  constructor(args: OrthogonalInitArgs = {}) {
    super(args);
    this.gain = this.arguments(ORTHOGONAL_ARGUMENTS).gain;
  }

  override get info(): string {
    return `${this.initializerName}: gain=${formatPythonValue(this.gain)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule | null {
    const shape = torchView(weight).shape;
    if (shape.length < 2) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "Only tensors with 2 or more dimensions are supported", {
        received: [...weight.shape],
        expected: "a weight of rank 2 or more (Linear, Conv, Embedding, ...)",
        hint: "restrict `layer` to layers with matrix or kernel weights; Orthogonal has no meaning for vectors",
      });
    }
    if (elementCount(shape) === 0) return null;
    const gain = this.gain;
    return hostValuesRule(`Orthogonal(gain=${formatPythonValue(gain)})`, weight, async (torchShape, key) => {
      const randomKey = requireRandomKey(key, "Orthogonal");
      // The QR and the generator load when the rule is executed (see orthogonal-values.ts).
      const { orthogonalValues } = await import("./orthogonal-values");
      return orthogonalValues(torchShape, randomKey, gain);
    });
  }
}

/** Options of {@link orthogonalInit}: `gain`, `bias` and `onWarning`. */
export type OrthogonalInitOptions = InitFunctionOptionsOf<OrthogonalInitArgs>;

/**
 * Fills `target.weight` with a (semi-)orthogonal matrix times `gain` (PyTorch's `orthogonal_`) and
 * `target.bias` with `bias`. Rank < 2 fails before anything is written.
 * @example
 * await orthogonalInit(linear, { gain: 1 });
 */
export async function orthogonalInit(target: InitTarget, options?: OrthogonalInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("orthogonalInit", options);
  await applyInitFunction("orthogonalInit", new OrthogonalInit(args), target, onWarning);
}
