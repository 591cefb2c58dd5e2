import { formatPythonValue } from "../../math/format-python-value";
import type { NamePattern } from "./name-pattern";
import { matchesAny } from "./name-pattern-match";
import { requireMatches } from "./structure-checks";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// Gpt2ScaledResidualInit's decisions, loaded with import() when it first plans: the eager
// gpt2-scaled-residual.ts holds the arguments and their checks.

/** What the decisions read of a {@link Gpt2ScaledResidualInit}-like scheme (the eager class passes itself). */
export interface Gpt2ScaledResidualSettings {
  readonly initializerName: string;
  readonly residualProjections: readonly NamePattern[];
  readonly nLayer: number;
  readonly std: number;
  readonly residualStd: number;
}

/**
 * The rules of GPT-2's scaled residual init on `layers` (see {@link Gpt2ScaledResidualInit}):
 * N(0, std²), the residual projections N(0, (std/√(2·nLayer))²); `warn` when their count is not 2·nLayer.
 * @throws InitlibError `INITLIB_BAD_CONFIG` when `residualProjections` matches no layer
 * @example
 * gpt2ScaledResidualDecisions(new Gpt2ScaledResidualInit({ nLayer: 12 }), weightLayers(model, () => true), console.warn);
 */
export function gpt2ScaledResidualDecisions(init: Gpt2ScaledResidualSettings, layers: readonly WeightLayer[], warn: (message: string) => void): readonly LayerDecision[] {
  const residual = layers.map((layer) => matchesAny(init.residualProjections, layer.path));
  const count = requireMatches(init.initializerName, "residualProjections", init.residualProjections, layers, residual);
  if (count !== 2 * init.nLayer) {
    warn(`${init.initializerName}: ${count} residual projections matched, GPT-2 has 2 per block (2·nLayer = ${2 * init.nLayer}); check nLayer and residualProjections`);
  }
  const residualStd = init.residualStd;
  return layers.map((_layer, index) =>
    residual[index]
      ? { weight: { kind: "normal", mean: 0, std: residualStd }, role: `residual projection, std=${formatPythonValue(residualStd)}` }
      : { weight: { kind: "normal", mean: 0, std: init.std }, role: `std=${formatPythonValue(init.std)}` },
  );
}
