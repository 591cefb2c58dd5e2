import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../../fill-rule";
import type { ModuleLike } from "../../module-like";
import type { ParamLike, WritableParam } from "../../param-like";
import type { InitializerPlan, PlannedWrite } from "../../weight-initializer";
import { BaseInit } from "../base-init";

/** One weight layer of the tree a structure-aware scheme plans for. */
export interface WeightLayer {
  /** Dotted path of the module in the tree (`h.3.attn.c_proj`); `""` for the planned module itself. */
  readonly path: string;
  readonly module: ModuleLike;
  /** The module's weight, of rank 2 or more. */
  readonly weight: ParamLike;
  readonly bias: ParamLike | null;
}

/** What a scheme decides for one layer: its weight's rule and the role printed in the provenance. */
export interface LayerDecision {
  /** `null` leaves the weight as it is. */
  readonly weight: FillRule | null;
  /** Bias value; `undefined` writes the initializer's `bias`, `null` leaves the bias as it is. */
  readonly bias?: number | null;
  /** Words appended to the provenance, e.g. `residual projection, std=0.00408`. */
  readonly role: string;
}

/** Log line of a plan. */
type PlanLog = InitializerPlan["logs"][number];

/**
 * The base of the depth-aware schemes (GPT-2, DeepNet, Fixup, T-Fixup, μP): they need the names
 * and order of the layers, not one weight at a time. `plan(module)` lists every module of the
 * subtree with a weight of rank ≥ 2 in `stateEntries()` order (registration order, usually the
 * forward order), with its dotted path, restricted to `layer` when `layer` is given (unlike the
 * MMEngine initializers, no `layer` means every such module); the scheme decides each layer's
 * rules in {@link StructuredInit.decide}, which may raise before anything is written. Rank-1
 * weights (norm gains) are never touched.
 */
export abstract class StructuredInit extends BaseInit {
  /**
   * The rules of every layer, in order, or a coded error. `warn` adds a warning to the plan.
   * @throws InitlibError when the model does not have the structure the scheme needs
   */
  abstract decide(layers: readonly WeightLayer[], warn: (message: string) => void): readonly LayerDecision[];

  /** Structure-aware schemes have no meaning on one weight: they need the module tree. */
  weightRule(): FillRule | null {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${this.initializerName} reads the module tree and cannot initialize one weight alone`, {
      expected: "the whole model: an initCfg entry of the model's top module, or initializeTree(model, initializer)",
      hint: "put it in the top module's initCfg, without an override target that is a single layer",
    });
  }

  override plan(module: ModuleLike): InitializerPlan {
    const layers = weightLayers(module, (candidate) => this.layer.length === 0 || this.matchesEveryModule || this.matches(candidate));
    const logs: PlanLog[] = [];
    const decisions = this.decide(layers, (message) => logs.push({ level: "warning", message }));
    const info = this.info;
    const writes: PlannedWrite[] = [];
    layers.forEach((layer, index) => {
      const decision = decisions[index]!;
      const provenance = `${info} (${decision.role})`;
      if (decision.weight !== null) writes.push({ tensor: layer.weight, rule: decision.weight, info: provenance });
      const bias = decision.bias === undefined ? this.bias : decision.bias;
      if (layer.bias !== null && bias !== null) writes.push({ tensor: layer.bias, rule: { kind: "constant", value: bias }, info: provenance });
    });
    return { writes, logs };
  }
}

/**
 * The modules of `root` with a weight of rank ≥ 2 that `include` accepts, in `stateEntries()` order,
 * each with its dotted path (the weight's name without its last segment).
 * @example
 * weightLayers(model, () => true).map((layer) => layer.path); // ["wte", "h.0.attn.c_attn", ...]
 */
export function weightLayers(root: ModuleLike, include: (module: ModuleLike) => boolean): WeightLayer[] {
  const moduleOfWeight = new Map<ParamLike, ModuleLike>();
  for (const module of root.modulesPostOrder()) {
    if (module.weight && module.weight.shape.length >= 2 && include(module)) moduleOfWeight.set(module.weight, module);
  }
  const layers: WeightLayer[] = [];
  for (const entry of root.stateEntries()) {
    const module = moduleOfWeight.get(entry.tensor);
    if (module === undefined) continue;
    moduleOfWeight.delete(entry.tensor);
    const dot = entry.name.lastIndexOf(".");
    layers.push({ path: dot < 0 ? "" : entry.name.slice(0, dot), module, weight: entry.tensor, bias: module.bias ?? null });
  }
  return layers;
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
  const plan = initializer.plan(model);
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
