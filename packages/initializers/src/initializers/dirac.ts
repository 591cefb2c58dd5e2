import { type ArgumentsFromSchema, defineArgumentSchema, InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";
import { hostValuesRule, torchView } from "./host-values";

/** The declaration of {@link DiracInit}'s arguments (`{ type: 'Dirac', ... }`). */
export const DIRAC_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  groups: { kind: "number", integer: true, minimum: 1, default: 1, description: "number of groups; the output channels must be divisible by it" },
});

/** Arguments of {@link DiracInit}, inferred from {@link DIRAC_ARGUMENTS}. */
export type DiracInitArgs = ArgumentsFromSchema<typeof DIRAC_ARGUMENTS>;

export { diracValues } from "./dirac-values";

/**
 * Initializes matched weights with the Dirac delta (PyTorch's `dirac_`, registered as `Dirac`); see
 * {@link diracValues}. Computed on the host and written with the backend's `write`. A weight that
 * is not 3-, 4- or 5-D, or whose output channels are not divisible by `groups`, fails at plan time
 * (`INITLIB_BAD_SHAPE`), before anything is written. Info: `DiracInit: groups=1, bias=0`.
 * @example
 * new DiracInit({ groups: 2, layer: "Conv2d" });
 */
export class DiracInit extends BaseInit {
  static override readonly initializerName: string = "DiracInit";
  static override readonly argumentSchema = DIRAC_ARGUMENTS;

  readonly groups: number;

  constructor(args: DiracInitArgs = {}) {
    super(args);
    this.groups = this.arguments(DIRAC_ARGUMENTS).groups;
  }

  override get info(): string {
    return `${this.initializerName}: groups=${formatPythonValue(this.groups)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    const shape = torchView(weight).shape;
    if (shape.length < 3 || shape.length > 5) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "Only tensors with 3, 4, or 5 dimensions are supported", {
        received: [...weight.shape],
        expected: "a convolution kernel: (out, in, k), (out, in, kH, kW) or (out, in, kD, kH, kW)",
        hint: "restrict `layer` to Conv1d/Conv2d/Conv3d; for a 2-D weight use Eye",
      });
    }
    if (shape[0]! % this.groups !== 0) {
      throw new InitlibError("INITLIB_BAD_SHAPE", `dim 0 must be divisible by groups: ${shape[0]} output channels, groups=${this.groups}`, {
        received: { shape: [...weight.shape], groups: this.groups },
        expected: `output channels divisible by ${this.groups}`,
        hint: "set groups to a divisor of the output channels (the convolution's own groups)",
      });
    }
    const groups = this.groups;
    // The values load when the rule is executed (see dirac-values.ts).
    return hostValuesRule(`Dirac(groups=${groups})`, weight, async (torchShape) => (await import("./dirac-values")).diracValues(torchShape, groups));
  }
}

/** Options of {@link diracInit}: `groups`, `bias` and `onWarning`. */
export type DiracInitOptions = InitFunctionOptionsOf<DiracInitArgs>;

/**
 * Fills `target.weight` with the Dirac delta (PyTorch's `dirac_`) and `target.bias` with `bias`.
 * @example
 * await diracInit(conv, { groups: 1 });
 */
export async function diracInit(target: InitTarget, options?: DiracInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("diracInit", options);
  await applyInitFunction("diracInit", new DiracInit(args), target, onWarning);
}
