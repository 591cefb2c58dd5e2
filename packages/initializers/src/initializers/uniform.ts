import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** The declaration of {@link UniformInit}'s arguments (`{ type: 'Uniform', ... }`). */
export const UNIFORM_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  a: { kind: "number", float32: true, default: 0, description: "lower bound" },
  b: { kind: "number", float32: true, default: 1, description: "upper bound, >= a" },
});

/** Arguments of {@link UniformInit}, inferred from {@link UNIFORM_ARGUMENTS}. */
export type UniformInitArgs = ArgumentsFromSchema<typeof UNIFORM_ARGUMENTS>;

/**
 * Fills matched weights from U(a, b) (MMEngine's `UniformInit`, registered as `Uniform`).
 * Info: `UniformInit: a=0, b=1, bias=0`.
 * @example
 * new UniformInit({ a: -0.1, b: 0.1, layer: "Embedding" });
 */
export class UniformInit extends BaseInit {
  static override readonly initializerName: string = "UniformInit";
  static override readonly argumentSchema = UNIFORM_ARGUMENTS;

  readonly a: number;
  readonly b: number;

  constructor(args: UniformInitArgs = {}) {
    super(args);
    const { a, b } = this.arguments(UNIFORM_ARGUMENTS);
    this.requireOrdered("a", a, "b", b);
    this.a = a;
    this.b = b;
  }

  override get info(): string {
    return `${this.initializerName}: a=${formatPythonValue(this.a)}, b=${formatPythonValue(this.b)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(): FillRule {
    return { kind: "uniform", low: this.a, high: this.b };
  }
}

/** Options of {@link uniformInit}: `a`, `b`, `bias` and `onWarning`. */
export type UniformInitOptions = InitFunctionOptionsOf<UniformInitArgs>;

/**
 * Fills `target.weight` from U(a, b) and `target.bias` with `bias` (MMEngine's
 * `uniform_init(module, a=0, b=1, bias=0)`).
 * @example
 * await uniformInit(embedding, { a: -0.1, b: 0.1 });
 */
export async function uniformInit(target: InitTarget, options?: UniformInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("uniformInit", options);
  await applyInitFunction("uniformInit", new UniformInit(args), target, onWarning);
}
