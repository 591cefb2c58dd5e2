import type { FillRule } from "../../fill-rule";
import { formatPythonValue } from "../../math/format-python-value";
import { type Distribution, xavierRule } from "../../rules/xavier-rule";
import type { NamePattern } from "./name-pattern";
import { matchesAny, namePatternMatches } from "./name-pattern-match";
import { requireMatches } from "./structure-checks";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// TFixupInit's decisions, loaded with import() when it first plans: the eager t-fixup.ts holds
// the arguments, their checks and the scales.

/** What the decisions read of a {@link TFixupInit}-like scheme (the eager class passes itself). */
export interface TFixupSettings {
  readonly initializerName: string;
  readonly scaledProjections: readonly NamePattern[];
  readonly embeddings: readonly NamePattern[];
  readonly encoderScope: NamePattern;
  readonly distribution: Distribution;
  readonly decoderScale: number;
  readonly encoderScale: number | undefined;
}

/** Multiplies the spread of a zero-mean normal or uniform rule by `scale`. */
function scaleRule(rule: FillRule, scale: number): FillRule {
  if (rule.kind === "normal") return { kind: "normal", mean: 0, std: rule.std * scale };
  if (rule.kind === "uniform") return { kind: "uniform", low: rule.low * scale, high: rule.high * scale };
  return rule;
}

/**
 * The rules of T-Fixup on `layers` (see {@link TFixupInit}): Xavier, embeddings N(0, d^(−1/2)),
 * the projections scaled per stack.
 * @throws InitlibError `INITLIB_BAD_CONFIG` when `scaledProjections` matches no layer
 * @example
 * tFixupDecisions(new TFixupInit({ encoderLayers: 6, decoderLayers: 6 }), weightLayers(model, () => true));
 */
export function tFixupDecisions(init: TFixupSettings, layers: readonly WeightLayer[]): readonly LayerDecision[] {
  const scaled = layers.map((layer) => matchesAny(init.scaledProjections, layer.path));
  requireMatches(init.initializerName, "scaledProjections", init.scaledProjections, layers, scaled);
  const encoderScale = init.encoderScale;
  return layers.map((layer, index): LayerDecision => {
    if (matchesAny(init.embeddings, layer.path)) {
      const width = layer.weight.shape.at(-1)!;
      const std = width ** (-1 / 2) * init.decoderScale;
      return { weight: { kind: "normal", mean: 0, std }, role: `embedding, N(0, d^(-1/2)) × (9·N_d)^(-1/4), std=${formatPythonValue(std)}` };
    }
    const xavier = xavierRule(layer.weight, 1, init.distribution);
    if (!scaled[index]) return { weight: xavier, role: "xavier" };
    const inEncoder = encoderScale !== undefined && namePatternMatches(init.encoderScope, layer.path);
    const scale = inEncoder ? encoderScale : init.decoderScale;
    return { weight: scaleRule(xavier, scale), role: `${inEncoder ? "encoder" : "decoder"} projection, xavier × ${formatPythonValue(scale)}` };
  });
}
