import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link NormalInit}'s arguments (`{ type: 'Normal', ... }`). */
export const NORMAL_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  mean: { kind: "number", float32: true, default: 0, description: "mean of the normal distribution" },
  std: { kind: "number", float32: true, minimum: 0, default: 1, description: "standard deviation, >= 0" },
});

/** Arguments of {@link NormalInit}, inferred from {@link NORMAL_ARGUMENTS}. */
export type NormalInitArgs = ArgumentsFromSchema<typeof NORMAL_ARGUMENTS>;

/**
 * Fills matched weights from N(mean, std²) (MMEngine's `NormalInit`, registered as `Normal`).
 * Info: `NormalInit: mean=0, std=1, bias=0`.
 * @example
 * new NormalInit({ std: 0.01, biasProb: 0.01, layer: "Conv2d" });
 */
export class NormalInit extends BaseInit {
  static override readonly initializerName: string = "NormalInit";
  static override readonly argumentSchema = NORMAL_ARGUMENTS;

  readonly mean: number;
  readonly std: number;

  constructor(args: NormalInitArgs = {}) {
    super(args);
    ({ mean: this.mean, std: this.std } = this.arguments(NORMAL_ARGUMENTS));
  }

  override get info(): string {
    return `${this.initializerName}: mean=${formatPythonValue(this.mean)}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "normal", mean: this.mean, std: this.std };
  }
}

/** Options of {@link normalInit}: `mean`, `std`, `bias` and `onWarning`. */
export type NormalInitOptions = InitFunctionOptionsOf<NormalInitArgs>;

/**
 * Fills `target.weight` from N(mean, std²) and `target.bias` with `bias` (MMEngine's
 * `normal_init(module, mean=0, std=1, bias=0)`).
 * @example
 * await normalInit(linear, { std: 0.01 });
 */
export async function normalInit(target: InitTarget, options?: NormalInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("normalInit", options);
  await applyInitFunction("normalInit", new NormalInit(args), target, onWarning);
}
