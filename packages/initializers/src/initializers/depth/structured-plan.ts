import type { ModuleLike } from "../../module-like";
import type { ParamLike } from "../../param-like";
import type { InitializerPlan, PlannedWrite } from "../../weight-initializer";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// StructuredInit's planning, loaded with import() when a depth-aware scheme first plans: the eager
// structured-init.ts holds the base class and its types.

/** Log line of a plan. */
type PlanLog = InitializerPlan["logs"][number];

/** What {@link planStructured} reads of a depth-aware scheme (a `StructuredInit`). */
export interface StructuredPlanSettings {
  readonly layer: readonly string[];
  readonly matchesEveryModule: boolean;
  readonly info: string;
  readonly bias: number;
  matches(module: Pick<ModuleLike, "typeName" | "typeBases">): boolean;
  decide(layers: readonly WeightLayer[], warn: (message: string) => void): readonly LayerDecision[] | Promise<readonly LayerDecision[]>;
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
 * The plan of a depth-aware scheme on `module`: its weight layers (restricted to `layer` when
 * given), the scheme's decision for each, weight rule then bias constant, with the role in the
 * provenance. Raises the scheme's coded errors before anything is written.
 * @example
 * const { writes, logs } = await planStructured(new Gpt2ScaledResidualInit({ nLayer: 12 }), model);
 */
export async function planStructured(init: StructuredPlanSettings, module: ModuleLike): Promise<InitializerPlan> {
  const layers = weightLayers(module, (candidate) => init.layer.length === 0 || init.matchesEveryModule || init.matches(candidate));
  const logs: PlanLog[] = [];
  const decisions = await init.decide(layers, (message) => logs.push({ level: "warning", message }));
  const info = init.info;
  const writes: PlannedWrite[] = [];
  layers.forEach((layer, index) => {
    const decision = decisions[index]!;
    const provenance = `${info} (${decision.role})`;
    if (decision.weight !== null) writes.push({ tensor: layer.weight, rule: decision.weight, info: provenance });
    const bias = decision.bias === undefined ? init.bias : decision.bias;
    if (layer.bias !== null && bias !== null) writes.push({ tensor: layer.bias, rule: { kind: "constant", value: bias }, info: provenance });
  });
  return { writes, logs };
}
