import { InitlibError } from "@initlib/registry";
import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs } from "./base-init";
import { type FixedKaimingArguments, KaimingInit } from "./kaiming";

/** The declaration of {@link Caffe2XavierInit}'s arguments: only the common ones; Kaiming's four are fixed. */
export const CAFFE2_XAVIER_ARGUMENTS = BASE_INIT_ARGUMENTS;

/** Arguments of {@link Caffe2XavierInit}: only the common ones; Kaiming's four are fixed. */
export type Caffe2XavierInitArgs = BaseInitArgs;

/** The Kaiming arguments Caffe2Xavier fixes, with their values. */
export const CAFFE2_XAVIER_FIXED = { a: 1, mode: "fan_in", nonlinearity: "leaky_relu", distribution: "uniform" } as const;

/**
 * Caffe2's "Xavier" (MMEngine's `Caffe2XavierInit`, registered as `Caffe2Xavier`): Kaiming with
 * `a=1, mode='fan_in', nonlinearity='leaky_relu', distribution='uniform'`, i.e. U(−√(3/fanIn), √(3/fanIn)).
 * MMEngine's documentation says "normal"; its code is uniform, and so is this. Passing any of the
 * four fixed arguments is an error.
 * Info: `Caffe2XavierInit: a=1, mode=fan_in, nonlinearity=leaky_relu, distribution =uniform, bias=0`.
 * @example
 * new Caffe2XavierInit({ layer: "Conv2d" });
 */
export class Caffe2XavierInit extends KaimingInit {
  static override readonly initializerName: string = "Caffe2XavierInit";
  static override readonly argumentSchema = CAFFE2_XAVIER_ARGUMENTS;
  static override readonly fixedArguments: FixedKaimingArguments = CAFFE2_XAVIER_FIXED;

  constructor(args: Caffe2XavierInitArgs = {}) {
    const given = args !== null && typeof args === "object" ? (args as Record<string, unknown>) : {};
    for (const key of Object.keys(CAFFE2_XAVIER_FIXED)) {
      if (given[key] !== undefined) {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", `Caffe2XavierInit: got multiple values for argument "${key}"`, {
          path: key,
          received: given[key],
          expected: "no a, mode, nonlinearity or distribution: Caffe2Xavier fixes a=1, mode=fan_in, nonlinearity=leaky_relu, distribution=uniform",
          hint: `remove ${key}, or use { type: 'Kaiming', ... } to choose it`,
        });
      }
    }
    super(args);
  }
}

/** Options of {@link caffe2XavierInit}: `bias` and `onWarning`. */
export type Caffe2XavierInitOptions = InitFunctionOptionsOf<Caffe2XavierInitArgs>;

/**
 * Caffe2's Xavier: Kaiming uniform with `a=1, mode='fan_in', nonlinearity='leaky_relu'`, i.e.
 * U(−√(3/fanIn), √(3/fanIn)) on `target.weight`, `bias` on `target.bias` (MMEngine's
 * `caffe2_xavier_init(module, bias=0)`).
 * @example
 * await caffe2XavierInit(conv);
 */
export async function caffe2XavierInit(target: InitTarget, options?: Caffe2XavierInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("caffe2XavierInit", options);
  await applyInitFunction("caffe2XavierInit", new Caffe2XavierInit(args), target, onWarning);
}
