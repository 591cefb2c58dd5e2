import { type ArgumentsFromSchema, defineArgumentSchema, InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";
import { hostValuesRule, requireRandomKey } from "./host-values";

/** The declaration of {@link SparseInit}'s arguments (`{ type: 'Sparse', sparsity, ... }`). */
export const SPARSE_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  sparsity: {
    kind: "number",
    minimum: 0,
    exclusiveMaximum: 1,
    required: true,
    description: "fraction of each column set to zero, in [0, 1): ceil(sparsity · rows) entries",
  },
  std: { kind: "number", float32: true, minimum: 0, default: 0.01, description: "standard deviation of the non-zero values" },
});

/** Arguments of {@link SparseInit}, inferred from {@link SPARSE_ARGUMENTS}. */
export type SparseInitArgs = ArgumentsFromSchema<typeof SPARSE_ARGUMENTS>;


/**
 * Sparse initialization (PyTorch's `sparse_`, Martens 2010; registered as `Sparse`): see
 * {@link sparseValues}. Only 2-D weights (torch's rule); anything else fails at plan time
 * (`INITLIB_BAD_SHAPE`), before anything is written. Computed on the host and written with the
 * backend's `write`. Info: `SparseInit: sparsity=0.1, std=0.01, bias=0`.
 * @example
 * new SparseInit({ sparsity: 0.9, layer: "Linear" });
 */
export class SparseInit extends BaseInit {
  static override readonly initializerName: string = "SparseInit";
  static override readonly argumentSchema = SPARSE_ARGUMENTS;

  readonly sparsity: number;
  readonly std: number;

  constructor(args: SparseInitArgs) {
    super(args);
    const { sparsity, std } = this.arguments(SPARSE_ARGUMENTS);
    this.sparsity = sparsity;
    this.std = std;
  }

  override get info(): string {
    return `${this.initializerName}: sparsity=${formatPythonValue(this.sparsity)}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    if (weight.shape.length !== 2) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "Only tensors with 2 dimensions are supported", {
        received: [...weight.shape],
        expected: "a 2-D weight (Linear)",
        hint: "restrict `layer` to layers with matrix weights",
      });
    }
    const { sparsity, std } = this;
    return hostValuesRule(`Sparse(sparsity=${formatPythonValue(sparsity)}, std=${formatPythonValue(std)})`, weight, async (torchShape, key) => {
      const randomKey = requireRandomKey(key, "Sparse");
      // The values and the generator load when the rule is executed (see sparse-values.ts).
      const { sparseValues } = await import("./sparse-values");
      return sparseValues(torchShape, sparsity, std, randomKey);
    });
  }
}

/** Options of {@link sparseInit}: `sparsity`, `std`, `bias` and `onWarning`. */
export type SparseInitOptions = InitFunctionOptionsOf<SparseInitArgs>;

/**
 * Fills the 2-D `target.weight` as PyTorch's `sparse_` does and `target.bias` with `bias`.
 * @example
 * await sparseInit(linear, { sparsity: 0.9, std: 0.01 });
 */
export async function sparseInit(target: InitTarget, options: SparseInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("sparseInit", options);
  await applyInitFunction("sparseInit", new SparseInit(args as SparseInitArgs), target, onWarning);
}
