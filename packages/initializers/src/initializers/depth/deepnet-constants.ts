import { InitlibError } from "@initlib/registry";

/** The three architectures DeepNet gives constants for. */
export const DEEPNET_ARCHITECTURES = ["encoder", "decoder", "encoder_decoder"] as const;

/** `'encoder'` (encoder-only, BERT-like), `'decoder'` (decoder-only, GPT-like) or `'encoder_decoder'`. */
export type DeepNetArchitecture = (typeof DEEPNET_ARCHITECTURES)[number];

/** DeepNorm's residual multiplier α and initialization gain β for one stack. */
export interface DeepNormConstants {
  /** Multiplier of the residual in `LN(α·x + G(x))` (a forward-pass constant, not an init). */
  readonly alpha: number;
  /** Xavier gain of the FFN, value and output projections. */
  readonly beta: number;
}

/** DeepNorm's constants per stack: `encoder` and/or `decoder`, as the architecture has them. */
export interface DeepNetConstants {
  readonly encoder?: DeepNormConstants;
  readonly decoder?: DeepNormConstants;
}

function requireDepth(value: number | undefined, name: string, architecture: string): number {
  if (value !== undefined && Number.isInteger(value) && value >= 1) return value;
  throw new InitlibError("INITLIB_BAD_ARGUMENT", `DeepNet: the ${architecture} architecture needs ${name}, a positive integer number of layers`, {
    path: name,
    received: value,
    expected: "an integer >= 1",
    hint: `give ${name} (the number of ${name === "encoderLayers" ? "encoder" : "decoder"} layers, N or M in the paper)`,
  });
}

/**
 * DeepNet's α and β (Wang et al., 2022, "DeepNet: Scaling Transformers to 1,000 Layers", Figure 2),
 * from N encoder and M decoder layers:
 * - encoder-only: α = (2N)^(1/4), β = (8N)^(−1/4);
 * - decoder-only: α = (2M)^(1/4), β = (8M)^(−1/4);
 * - encoder–decoder: encoder α = 0.81·(N⁴M)^(1/16), β = 0.87·(N⁴M)^(−1/16); decoder
 *   α = (3M)^(1/4), β = (12M)^(−1/4).
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for a missing or non-positive depth
 * @example
 * deepNetConstants("encoder_decoder", 6, 6).decoder; // { alpha: 18^(1/4) = 2.0598, beta: 72^(-1/4) = 0.3433 }
 */
export function deepNetConstants(architecture: DeepNetArchitecture, encoderLayers?: number, decoderLayers?: number): DeepNetConstants {
  if (architecture === "encoder") {
    const n = requireDepth(encoderLayers, "encoderLayers", architecture);
    return { encoder: { alpha: (2 * n) ** (1 / 4), beta: (8 * n) ** (-1 / 4) } };
  }
  if (architecture === "decoder") {
    const m = requireDepth(decoderLayers, "decoderLayers", architecture);
    return { decoder: { alpha: (2 * m) ** (1 / 4), beta: (8 * m) ** (-1 / 4) } };
  }
  if (architecture === "encoder_decoder") {
    const n = requireDepth(encoderLayers, "encoderLayers", architecture);
    const m = requireDepth(decoderLayers, "decoderLayers", architecture);
    const depth = n ** 4 * m;
    return {
      encoder: { alpha: 0.81 * depth ** (1 / 16), beta: 0.87 * depth ** (-1 / 16) },
      decoder: { alpha: (3 * m) ** (1 / 4), beta: (12 * m) ** (-1 / 4) },
    };
  }
  throw new InitlibError("INITLIB_BAD_ARGUMENT", "DeepNet: unknown architecture", {
    path: "architecture",
    received: architecture,
    expected: DEEPNET_ARCHITECTURES.map((name) => `'${name}'`).join(", "),
  });
}
