import { Module } from "../module";
import type { Parameter } from "../parameter";
import { normalizationAffine } from "./layer-parameters";

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  readonly normalizedShape: number | readonly number[];
  /** Learnable `weight` (ones) and `bias` (zeros). @default true */
  readonly elementwiseAffine?: boolean;
  /** Whether there is a `bias` when affine. @default true */
  readonly bias?: boolean;
  readonly eps?: number;
}

/** torch's `nn.LayerNorm` (direct base `Module`): weight 1, bias 0. @example new LayerNorm({ normalizedShape: 768 }) */
export class LayerNorm extends Module {
  static override readonly typeName: string = "LayerNorm";
  static override readonly typeBases: readonly string[] = ["Module"];
  readonly normalizedShape: readonly number[];
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(options: LayerNormOptions) {
    super();
    const shape = typeof options.normalizedShape === "number" ? [options.normalizedShape] : [...options.normalizedShape];
    this.normalizedShape = shape;
    ({ weight: this.weight, bias: this.bias } = normalizationAffine("LayerNorm", shape, options.elementwiseAffine ?? true, options.bias !== false));
  }
}
