import { type ArgumentsFromSchema, defineArgumentSchema, InitlibError } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { DISTRIBUTIONS, type Distribution } from "../../rules/xavier-rule";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { compileNamePattern, compileNamePatterns, type NamePattern } from "./name-pattern";
import { initializeTree, type LayerDecision, StructuredInit, type WeightLayer } from "./structured-init";

const PATTERNS = { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] } as const;

/** The architectures T-Fixup defines its scales for. */
export const T_FIXUP_ARCHITECTURES = ["encoder_decoder", "decoder"] as const;

/** The declaration of {@link TFixupInit}'s arguments (`{ type: 'TFixup', ... }`). */
export const T_FIXUP_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  architecture: { kind: "enum", values: T_FIXUP_ARCHITECTURES, default: "encoder_decoder", description: "the stacks of the model" },
  encoderLayers: { kind: "number", integer: true, minimum: 1, maximum: 1e6, description: "N_e, encoder layers (encoder_decoder)" },
  decoderLayers: { kind: "number", integer: true, minimum: 1, maximum: 1e6, required: true, description: "N_d, decoder layers" },
  scaledProjections: {
    ...PATTERNS,
    default: ["**.fc1", "**.fc2", "**.v_proj", "**.out_proj"],
    description: "module-path globs of the attention value/output projections and the MLP weights",
  },
  embeddings: { ...PATTERNS, default: ["**.embed_tokens"], description: "module-path globs of the input embeddings" },
  encoderScope: { kind: "string", default: "encoder.**", description: "glob of the encoder's layer paths" },
  distribution: { kind: "enum", values: DISTRIBUTIONS, default: "uniform", description: "of the Xavier init (fairseq's xavier_uniform_)" },
});

/** Arguments of {@link TFixupInit}, inferred from {@link T_FIXUP_ARGUMENTS}. */
export type TFixupInitArgs = ArgumentsFromSchema<typeof T_FIXUP_ARGUMENTS>;

/**
 * T-Fixup (Huang, Perez, Ba & Volkovs, 2020, "Improving Transformer Optimization Through Better
 * Initialization", ICML, §3.3), for transformers without layer norm or warmup:
 * - Xavier init of every weight except the input embeddings, which get N(0, d^(−1/2)) (std
 *   d^(−1/2), d the embedding width, the last axis);
 * - in the decoder, the value and output projections of every attention block, the MLP weights and
 *   the input embeddings of encoder and decoder are scaled by (9·N_d)^(−1/4);
 * - in the encoder, the value and output projections and the MLP weights are scaled by
 *   0.67·N_e^(−1/4).
 * The scaled layers are those matching `scaledProjections`, in the encoder when their path matches
 * `encoderScope`, otherwise in the decoder; embeddings match `embeddings`. The paper defines the
 * encoder–decoder case; `decoder` applies its decoder rule to a decoder-only model.
 * Info: `TFixupInit: architecture=encoder_decoder, encoderLayers=6, decoderLayers=6, bias=0`.
 * @example
 * new TFixupInit({ encoderLayers: 6, decoderLayers: 6 }).decoderScale; // 54^(-1/4) = 0.3689
 */
export class TFixupInit extends StructuredInit {
  static override readonly initializerName: string = "TFixupInit";
  static override readonly argumentSchema = T_FIXUP_ARGUMENTS;

  readonly architecture: (typeof T_FIXUP_ARCHITECTURES)[number];
  readonly encoderLayers: number | undefined;
  readonly decoderLayers: number;
  readonly distribution: Distribution;
  readonly scaledProjections: readonly NamePattern[];
  readonly embeddings: readonly NamePattern[];
  readonly encoderScope: NamePattern;

  constructor(args: TFixupInitArgs) {
    super(args);
    const given = this.arguments(T_FIXUP_ARGUMENTS);
    this.architecture = given.architecture;
    this.decoderLayers = given.decoderLayers;
    this.encoderLayers = given.encoderLayers;
    if (this.architecture === "encoder_decoder" && this.encoderLayers === undefined) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${this.initializerName}: the encoder_decoder architecture needs encoderLayers`, {
        path: "encoderLayers",
        received: undefined,
        expected: "an integer >= 1, the number of encoder layers",
        hint: "give encoderLayers, or architecture: 'decoder' for a decoder-only model",
      });
    }
    this.distribution = given.distribution;
    this.scaledProjections = compileNamePatterns(given.scaledProjections, "scaledProjections");
    this.embeddings = compileNamePatterns(given.embeddings, "embeddings");
    this.encoderScope = compileNamePattern(given.encoderScope, "encoderScope");
  }

  /** (9·N_d)^(−1/4): decoder projections and every input embedding. */
  get decoderScale(): number {
    return (9 * this.decoderLayers) ** (-1 / 4);
  }

  /** 0.67·N_e^(−1/4): encoder projections; `undefined` without an encoder. */
  get encoderScale(): number | undefined {
    return this.architecture === "decoder" || this.encoderLayers === undefined ? undefined : 0.67 * this.encoderLayers ** (-1 / 4);
  }

  override get info(): string {
    const encoder = this.encoderLayers === undefined ? "" : `, encoderLayers=${this.encoderLayers}`;
    return `${this.initializerName}: architecture=${this.architecture}${encoder}, decoderLayers=${this.decoderLayers}, bias=${formatPythonValue(this.bias)}`;
  }


  /** T-Fixup's rules (see the class), from `t-fixup-decisions.ts`, loaded on first use. */
  async decide(layers: readonly WeightLayer[]): Promise<readonly LayerDecision[]> {
    const { tFixupDecisions } = await import("./t-fixup-decisions");
    return tFixupDecisions(this, layers);
  }
}

/**
 * T-Fixup on a whole `model` (see {@link TFixupInit}).
 * @example
 * await tFixupInit(transformer, { encoderLayers: 6, decoderLayers: 6 });
 */
export async function tFixupInit(model: ModuleLike, args: TFixupInitArgs, onWarning?: (message: string) => void): Promise<void> {
  await initializeTree(model, new TFixupInit(args), onWarning);
}
