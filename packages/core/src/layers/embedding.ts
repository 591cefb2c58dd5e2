import { generateRuleValues } from "@initlib/initializers";
import type { FillRule, RandomKey } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { Module } from "../module";
import { Parameter } from "../parameter";

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** Row kept at zero by torch's `reset_parameters` (negative counts from the end). */
  readonly paddingIdx?: number | null;
}

/**
 * torch's `nn.Embedding` (direct base `Module`): `weight` (num, dim), default N(0, 1) with the
 * `paddingIdx` row zeroed, as torch's `reset_parameters`.
 * @example new Embedding({ numEmbeddings: 1000, embeddingDim: 16, paddingIdx: 0 })
 */
export class Embedding extends Module {
  static override readonly typeName: string = "Embedding";
  static override readonly typeBases: readonly string[] = ["Module"];
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(options: EmbeddingOptions) {
    super();
    const { numEmbeddings, embeddingDim } = options;
    let padding = options.paddingIdx ?? null;
    if (padding !== null) {
      if (!Number.isInteger(padding) || padding >= numEmbeddings || padding < -numEmbeddings) {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", "Embedding: paddingIdx must be within numEmbeddings", {
          path: "Embedding.paddingIdx",
          received: padding,
          expected: `an integer in [-${numEmbeddings}, ${numEmbeddings})`,
        });
      }
      if (padding < 0) padding += numEmbeddings;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = padding;
    const normal: FillRule = { kind: "normal", mean: 0, std: 1 };
    const init =
      padding === null
        ? normal
        : (key: RandomKey): FillRule => ({
            kind: "values",
            source: `Embedding.reset_parameters (normal, row ${padding} zero)`,
            load: async () => {
              const out = new Float32Array(numEmbeddings * embeddingDim);
              generateRuleValues(normal, key, 0, out);
              out.fill(0, padding * embeddingDim, (padding + 1) * embeddingDim);
              return out;
            },
          });
    this.weight = new Parameter([numEmbeddings, embeddingDim], { layout: "OI", init, initSource: "Embedding.reset_parameters (normal_)" });
  }
}
