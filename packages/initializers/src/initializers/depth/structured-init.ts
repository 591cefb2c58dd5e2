import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../../fill-rule";
import type { LayerDecision, WeightLayer } from "./layer-decision";
import type { ModuleLike } from "../../module-like";
import type { WritableParam } from "../../param-like";
import type { InitializerPlan } from "../../weight-initializer";
import { BaseInit } from "../base-init";

export type { LayerDecision, WeightLayer } from "./layer-decision";

/**
 * The base of the depth-aware schemes (GPT-2, DeepNet, Fixup, T-Fixup, μP): they need the names
 * and order of the layers, not one weight at a time. `plan(module)` lists every module of the
 * subtree with a weight of rank ≥ 2 in `stateEntries()` order (registration order, usually the
 * forward order), with its dotted path, restricted to `layer` when `layer` is given (unlike the
 * MMEngine initializers, no `layer` means every such module); the scheme decides each layer's
 * rules in {@link StructuredInit.decide}, which may raise before anything is written. Rank-1
 * weights (norm gains) are never touched. `plan` is asynchronous: it loads the planning code
 * (`structured-plan.ts`) and the built-in schemes their decisions (`*-decisions.ts`) with
 * `import()` when they first plan, so a page that only registers or builds them (argument checks
 * happen in the constructor) does not download it.
 */
export abstract class StructuredInit extends BaseInit<Promise<InitializerPlan>> {
  /**
   * The rules of every layer, in order, or a coded error. `warn` adds a warning to the plan.
   * @throws InitlibError when the model does not have the structure the scheme needs
   */
  abstract decide(layers: readonly WeightLayer[], warn: (message: string) => void): readonly LayerDecision[] | Promise<readonly LayerDecision[]>;

  /** Structure-aware schemes have no meaning on one weight: they need the module tree. */
  weightRule(): FillRule | null {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${this.initializerName} reads the module tree and cannot initialize one weight alone`, {
      expected: "the whole model: an initCfg entry of the model's top module, or initializeTree(model, initializer)",
      hint: "put it in the top module's initCfg, without an override target that is a single layer",
    });
  }

  /** The writes of every weight layer of `module` (see the class), from `structured-plan.ts`, loaded on first use. */
  override async plan(module: ModuleLike): Promise<InitializerPlan> {
    const { planStructured } = await import("./structured-plan");
    return planStructured(this, module);
  }
}

/**
 * Plans `initializer` on `model` and writes every planned rule with the parameters' own `assign`
 * (the module-level form of a structure-aware scheme). Nothing is written when planning fails or a
 * planned parameter cannot be written. Warnings go to `onWarning` (default `console.warn`).
 * @example
 * await initializeTree(model, new Gpt2ScaledResidualInit({ nLayer: 12 }));
 */
export async function initializeTree(
  model: ModuleLike,
  initializer: StructuredInit,
  onWarning: (message: string) => void = (message) => console.warn(message),
): Promise<void> {
  const plan = await initializer.plan(model);
  for (const write of plan.writes) {
    if (typeof (write.tensor as Partial<WritableParam>).assign !== "function") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${initializer.initializerName}: a planned parameter cannot be written (it has no assign method)`, {
        received: { shape: [...write.tensor.shape] },
        expected: "parameters that are WritableParams (core Parameters, createHostParam(...))",
        hint: "call initWeights() on a core module tree with this initializer in its initCfg instead",
      });
    }
  }
  for (const log of plan.logs) onWarning(log.message);
  for (const write of plan.writes) await (write.tensor as WritableParam).assign(write.rule, write.info);
}

/**
 * A coded error for a depth or width argument or a structure that does not fit the scheme.
 * @internal
 */
export function structureError(owner: string, summary: string, details: { path?: string; received?: unknown; expected: string; hint: string }): InitlibError {
  return new InitlibError("INITLIB_BAD_ARGUMENT", `${owner}: ${summary}`, details);
}
