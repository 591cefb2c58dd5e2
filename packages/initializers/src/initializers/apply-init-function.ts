import { InitlibError } from "@initlib/registry";
import type { BaseInit } from "./base-init";
import type { InitTarget } from "../module-like";
import type { ParamLike, WritableParam } from "../param-like";

/** Options every module-level init function accepts besides its own arguments. */
export interface InitFunctionOptions {
  /**
   * Receives torch's warnings (a Kaiming weight without elements, a truncated-normal mean far
   * outside [a, b]); torch prints them, so the default does too.
   * @default console.warn
   */
  onWarning?: (message: string) => void;
}

/**
 * The options of a module-level init function, from its initializer's arguments: every argument
 * except `layer` and `biasProb` (a function acts on the one module it is given), plus `onWarning`.
 */
export type InitFunctionOptionsOf<Args> = InitFunctionOptions & Omit<Args, "layer" | "biasProb">;

/** Keys the functions act without: they take one module and match no layers. */
const INITIALIZER_ONLY_KEYS = ["layer", "biasProb"] as const;

/**
 * Rejects initializer-only keys in a function's options and splits off `onWarning`.
 * @internal
 */
export function splitFunctionOptions<Options extends InitFunctionOptions>(
  functionName: string,
  options: Options | undefined,
): { args: Omit<Options, "onWarning">; onWarning: (message: string) => void } {
  const { onWarning = (message: string) => console.warn(message), ...args } = options ?? ({} as Options);
  for (const key of INITIALIZER_ONLY_KEYS) {
    if ((args as Record<string, unknown>)[key] !== undefined) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${functionName} acts on the one module it is given and takes no "${key}"`, {
        path: key,
        received: (args as Record<string, unknown>)[key],
        expected: "the function's own arguments only",
        hint: `use the initializer (e.g. { type: 'Kaiming', ${key}: ... } in initCfg) for layer matching and biasProb, or biasInitWithProb() for the bias value`,
      });
    }
  }
  return { args, onWarning };
}

function isWritable(param: ParamLike): param is WritableParam {
  return typeof (param as Partial<WritableParam>).assign === "function";
}

/**
 * Plans `initializer`'s writes on `target.weight` / `target.bias` (no layer matching), checks that
 * every planned tensor can be written, then assigns weight first and bias second. Nothing is
 * written when anything fails.
 * @internal
 */
export async function applyInitFunction(
  functionName: string,
  initializer: BaseInit,
  target: InitTarget,
  onWarning: (message: string) => void,
): Promise<void> {
  if (target === null || typeof target !== "object") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${functionName} needs a module-like object with weight and/or bias`, {
      received: target,
      expected: "an object such as a core layer or { weight, bias } of WritableParams",
    });
  }
  const plan = initializer.planWrites({ weight: target.weight ?? null, bias: target.bias ?? null });
  const writes = plan.writes.map((write) => {
    const name = write.tensor === target.weight ? "weight" : "bias";
    if (!isWritable(write.tensor)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${functionName}: ${name} cannot be written (it has no assign method)`, {
        path: name,
        received: { shape: [...write.tensor.shape] },
        expected: "a WritableParam: a core Parameter, createHostParam(...) or any object with assign(rule, info)",
        hint: "pass the layer itself, or wrap your storage in an object with shape and assign(rule)",
      });
    }
    return { tensor: write.tensor, rule: write.rule };
  });
  for (const log of plan.logs) onWarning(log.message);
  // Module-level functions record no provenance of their own: the caller (for example a user-defined
  // initWeights phase of the module tree) decides what the write is attributed to.
  for (const write of writes) await write.tensor.assign(write.rule);
}
