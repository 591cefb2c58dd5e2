import { computeFans } from "../../math/compute-fans";
import { formatPythonValue } from "../../math/format-python-value";
import { maximalUpdateStd, type MaximalUpdateRole } from "./maximal-update-std";
import type { NamePattern } from "./name-pattern";
import { matchesAny } from "./name-pattern-match";
import { requireMatches } from "./structure-checks";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// MaximalUpdateInit's decisions, loaded with import() when it first plans: the eager
// maximal-update.ts holds the arguments, their checks and the std formula.

/** What the decisions read of a {@link MaximalUpdateInit}-like scheme (the eager class passes itself). */
export interface MaximalUpdateSettings {
  readonly initializerName: string;
  readonly inputWeights: readonly NamePattern[];
  readonly outputWeights: readonly NamePattern[];
  readonly baseWidth: number;
  readonly std: number;
}

/**
 * The rules of μP on `layers` (see {@link MaximalUpdateInit}): N(0, s²), s by each weight's role.
 * @throws InitlibError `INITLIB_BAD_CONFIG` when `outputWeights` matches no layer
 * @example
 * maximalUpdateDecisions(new MaximalUpdateInit({ baseWidth: 256, outputWeights: "lm_head" }), weightLayers(model, () => true));
 */
export function maximalUpdateDecisions(init: MaximalUpdateSettings, layers: readonly WeightLayer[]): readonly LayerDecision[] {
  const output = layers.map((layer) => matchesAny(init.outputWeights, layer.path));
  requireMatches(init.initializerName, "outputWeights", init.outputWeights, layers, output);
  return layers.map((layer, index): LayerDecision => {
    const role: MaximalUpdateRole = output[index] ? "output" : matchesAny(init.inputWeights, layer.path) ? "input" : "hidden";
    const fanIn = role === "input" ? init.baseWidth : computeFans(layer.weight).fanIn;
    const std = maximalUpdateStd(role, init.std, init.baseWidth, fanIn);
    return { weight: { kind: "normal", mean: 0, std }, role: `${role}, fanIn=${fanIn}, std=${formatPythonValue(std)}` };
  });
}
