import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { DEEPNET_ARCHITECTURES, deepNetConstants, type DeepNetArchitecture, type DeepNetConstants } from "./deepnet-constants";
import { compileNamePattern, compileNamePatterns, type NamePattern } from "./name-pattern";
import { initializeTree, type LayerDecision, StructuredInit, type WeightLayer } from "./structured-init";

const PATTERNS = { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] } as const;

/** The declaration of {@link DeepNetInit}'s arguments (`{ type: 'DeepNet', ... }`). */
export const DEEPNET_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  architecture: { kind: "enum", values: DEEPNET_ARCHITECTURES, required: true, description: "which stacks the model has" },
  encoderLayers: { kind: "number", integer: true, minimum: 1, maximum: 1e6, description: "N, the number of encoder layers (encoder and encoder_decoder)" },
  decoderLayers: { kind: "number", integer: true, minimum: 1, maximum: 1e6, description: "M, the number of decoder layers (decoder and encoder_decoder)" },
  scaledProjections: {
    ...PATTERNS,
    default: ["**.fc1", "**.fc2", "**.v_proj", "**.out_proj"],
    description: "module-path globs of the FFN, value and output projections, Xavier-initialized with gain β",
  },
  encoderScope: { kind: "string", default: "encoder.**", description: "glob of the encoder's layer paths (encoder_decoder only)" },
  decoderScope: { kind: "string", default: "decoder.**", description: "glob of the decoder's layer paths (encoder_decoder only)" },
});

/** Arguments of {@link DeepNetInit}, inferred from {@link DEEPNET_ARGUMENTS}. */
export type DeepNetInitArgs = ArgumentsFromSchema<typeof DEEPNET_ARGUMENTS>;

/**
 * DeepNet's initialization for DeepNorm transformers (Wang et al., 2022, "DeepNet: Scaling
 * Transformers to 1,000 Layers", Figure 2): the FFN, value and output projections (module paths
 * matching `scaledProjections`, default fairseq/torchscale names `fc1`, `fc2`, `v_proj`,
 * `out_proj`) get `xavier_normal_(w, gain=β)`; every other weight of rank ≥ 2 (q_proj, k_proj, and
 * whatever else `layer` selects) gets `xavier_normal_(w, gain=1)`; biases get `bias` (0). β comes
 * from the depths ({@link deepNetConstants}): encoder-only β = (8N)^(−1/4), decoder-only
 * β = (8M)^(−1/4), encoder–decoder encoder β = 0.87·(N⁴M)^(−1/16) and decoder β = (12M)^(−1/4), the
 * stack of a layer told by `encoderScope`/`decoderScope`. α, the DeepNorm residual multiplier of
 * the forward pass, is in {@link DeepNetInit.constants} for the model code.
 *
 * Structure: depths are explicit arguments; projections and stacks are found by name. A missing
 * depth, or a projection outside both stacks, fails before anything is written.
 * Info: `DeepNetInit: architecture=encoder_decoder, encoderLayers=6, decoderLayers=6, bias=0`.
 * @example
 * new DeepNetInit({ architecture: "decoder", decoderLayers: 200 }).constants.decoder?.beta; // 1600^(-1/4) = 0.158
 */
export class DeepNetInit extends StructuredInit {
  static override readonly initializerName: string = "DeepNetInit";
  static override readonly argumentSchema = DEEPNET_ARGUMENTS;

  readonly architecture: DeepNetArchitecture;
  readonly encoderLayers: number | undefined;
  readonly decoderLayers: number | undefined;
  /** α and β of each stack. */
  readonly constants: DeepNetConstants;
  readonly scaledProjections: readonly NamePattern[];
  readonly encoderScope: NamePattern;
  readonly decoderScope: NamePattern;

  constructor(args: DeepNetInitArgs) {
    super(args);
    const given = this.arguments(DEEPNET_ARGUMENTS);
    this.architecture = given.architecture;
    this.encoderLayers = given.encoderLayers;
    this.decoderLayers = given.decoderLayers;
    this.constants = deepNetConstants(given.architecture, given.encoderLayers, given.decoderLayers);
    this.scaledProjections = compileNamePatterns(given.scaledProjections, "scaledProjections");
    this.encoderScope = compileNamePattern(given.encoderScope, "encoderScope");
    this.decoderScope = compileNamePattern(given.decoderScope, "decoderScope");
  }

  override get info(): string {
    const depths = [
      this.encoderLayers === undefined ? "" : `, encoderLayers=${this.encoderLayers}`,
      this.decoderLayers === undefined ? "" : `, decoderLayers=${this.decoderLayers}`,
    ].join("");
    return `${this.initializerName}: architecture=${this.architecture}${depths}, bias=${formatPythonValue(this.bias)}`;
  }



  /** DeepNet's rules (see the class), from `deepnet-decisions.ts`, loaded on first use. */
  async decide(layers: readonly WeightLayer[]): Promise<readonly LayerDecision[]> {
    const { deepNetDecisions } = await import("./deepnet-decisions");
    return deepNetDecisions(this, layers);
  }
}

/**
 * DeepNet's initialization on a whole `model` (see {@link DeepNetInit}).
 * @example
 * await deepNetInit(model, { architecture: "encoder", encoderLayers: 100 });
 */
export async function deepNetInit(model: ModuleLike, args: DeepNetInitArgs, onWarning?: (message: string) => void): Promise<void> {
  await initializeTree(model, new DeepNetInit(args), onWarning);
}
