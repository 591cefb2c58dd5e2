import { InitlibError } from "@initlib/registry";
import type { BaseInitArgs } from "./base-init";
import { KaimingInit } from "./kaiming-init";

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
    super({ ...given, ...CAFFE2_XAVIER_FIXED });
  }
}
