import { InitlibError } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import { xavierRule } from "../../rules/xavier-rule";
import type { DeepNetConstants } from "./deepnet-constants";
import type { NamePattern } from "./name-pattern";
import { matchesAny, namePatternMatches } from "./name-pattern-match";
import { requireMatches } from "./structure-checks";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// DeepNetInit's decisions, loaded with import() when it first plans: the eager deepnet.ts holds
// the arguments, their checks and the constants.

/** What the decisions read of a {@link DeepNetInit}-like scheme (the eager class passes itself). */
export interface DeepNetSettings {
  readonly initializerName: string;
  readonly constants: DeepNetConstants;
  readonly scaledProjections: readonly NamePattern[];
  readonly encoderScope: NamePattern;
  readonly decoderScope: NamePattern;
}

/** β of the stack `path` belongs to. */
function betaOf(init: DeepNetSettings, path: string): { stack: "encoder" | "decoder"; beta: number } {
  const { encoder, decoder } = init.constants;
  if (encoder && !decoder) return { stack: "encoder", beta: encoder.beta };
  if (decoder && !encoder) return { stack: "decoder", beta: decoder.beta };
  if (encoder && namePatternMatches(init.encoderScope, path)) return { stack: "encoder", beta: encoder.beta };
  if (decoder && namePatternMatches(init.decoderScope, path)) return { stack: "decoder", beta: decoder.beta };
  throw new InitlibError("INITLIB_BAD_CONFIG", `${init.initializerName}: ${path} is a scaled projection in neither the encoder nor the decoder`, {
    path: "encoderScope",
    received: { layer: path, encoderScope: init.encoderScope.source, decoderScope: init.decoderScope.source },
    expected: "every scaled projection of an encoder_decoder model inside encoderScope or decoderScope",
    hint: "set encoderScope/decoderScope to the stacks' paths (e.g. `model.encoder.**`), or narrow scaledProjections",
  });
}

/**
 * The rules of DeepNet on `layers` (see {@link DeepNetInit}): Xavier normal, gain β of the stack on
 * the scaled projections.
 * @throws InitlibError `INITLIB_BAD_CONFIG` when `scaledProjections` matches no layer or a scaled layer is in neither stack
 * @example
 * deepNetDecisions(new DeepNetInit({ architecture: "encoder", encoderLayers: 100 }), weightLayers(model, () => true));
 */
export function deepNetDecisions(init: DeepNetSettings, layers: readonly WeightLayer[]): readonly LayerDecision[] {
  const scaled = layers.map((layer) => matchesAny(init.scaledProjections, layer.path));
  requireMatches(init.initializerName, "scaledProjections", init.scaledProjections, layers, scaled);
  return layers.map((layer, index) => {
    if (!scaled[index]) return { weight: xavierRule(layer.weight, 1, "normal"), role: "xavier_normal gain=1" };
    const { stack, beta } = betaOf(init, layer.path);
    return { weight: xavierRule(layer.weight, beta, "normal"), role: `${stack} β=${formatPythonValue(beta)}` };
  });
}
