import { Module } from "../module";
import type { Parameter } from "../parameter";
import { torchDefaultWeightAndBias } from "./layer-parameters";

/** Options of {@link Linear}. */
export interface LinearOptions {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Whether the layer has a bias. @default true */
  readonly bias?: boolean;
}

/**
 * torch's `nn.Linear`: `weight` (out, in) in layout `OI`, `bias` (out). Default values as torch's
 * `reset_parameters`: both U(−1/√in, 1/√in).
 * @example
 * const fc = new Linear({ inFeatures: 768, outFeatures: 1000 });
 */
export class Linear extends Module {
  static override readonly typeName: string = "Linear";
  static override readonly typeBases: readonly string[] = ["Module"];
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(options: LinearOptions) {
    super();
    this.inFeatures = options.inFeatures;
    this.outFeatures = options.outFeatures;
    const shape = [options.outFeatures, options.inFeatures];
    const biasLength = options.bias === false ? null : options.outFeatures;
    ({ weight: this.weight, bias: this.bias } = torchDefaultWeightAndBias(this.typeName, shape, { layout: "OI" }, options.inFeatures, biasLength));
  }
}

/** `out_proj` of {@link MultiheadAttention}: torch's `NonDynamicallyQuantizableLinear`, direct base `Linear`. */
export class NonDynamicallyQuantizableLinear extends Linear {
  static override readonly typeName: string = "NonDynamicallyQuantizableLinear";
  static override readonly typeBases: readonly string[] = ["Linear"];
}
