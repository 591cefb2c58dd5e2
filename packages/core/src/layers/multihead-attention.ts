import { Module } from "../module";
import { Parameter } from "../parameter";
import { ZERO } from "./default-rules";
import { NonDynamicallyQuantizableLinear } from "./linear";

/** Options of {@link MultiheadAttention}. */
export interface MultiheadAttentionOptions {
  readonly embedDim: number;
  readonly numHeads: number;
  /** `in_proj_bias` and `out_proj.bias`. @default true */
  readonly bias?: boolean;
  readonly dropout?: number;
  readonly batchFirst?: boolean;
}

/**
 * torch's `nn.MultiheadAttention` (direct base `Module`), same key/value dims as the embedding:
 * `in_proj_weight` (3E, E) xavier_uniform, `in_proj_bias` 0, `out_proj` a
 * `NonDynamicallyQuantizableLinear` whose bias is 0. It has no `weight`, so `layer:
 * 'MultiheadAttention'` writes nothing; `'Linear'` reaches `out_proj`.
 * @example new MultiheadAttention({ embedDim: 8, numHeads: 2 })
 */
export class MultiheadAttention extends Module {
  static override readonly typeName: string = "MultiheadAttention";
  static override readonly typeBases: readonly string[] = ["Module"];
  static override readonly stateNames: Readonly<Record<string, string>> = {
    inProjWeight: "in_proj_weight",
    inProjBias: "in_proj_bias",
    outProj: "out_proj",
  };
  readonly embedDim: number;
  readonly numHeads: number;
  inProjWeight: Parameter;
  inProjBias: Parameter | null;
  outProj: NonDynamicallyQuantizableLinear;

  constructor(options: MultiheadAttentionOptions) {
    super();
    const e = options.embedDim;
    this.embedDim = e;
    this.numHeads = options.numHeads;
    // torch: xavier_uniform_(in_proj_weight), fans (E, 3E): bound = √(6 / (E + 3E))
    const bound = e > 0 ? Math.sqrt(6 / (4 * e)) : 0;
    this.inProjWeight = new Parameter([3 * e, e], {
      layout: "OI",
      init: { kind: "uniform", low: -bound, high: bound },
      initSource: "MultiheadAttention._reset_parameters (xavier_uniform_)",
    });
    this.inProjBias = options.bias === false ? null : new Parameter([3 * e], { init: ZERO, initSource: "MultiheadAttention._reset_parameters" });
    this.outProj = new NonDynamicallyQuantizableLinear({ inFeatures: e, outFeatures: e, bias: options.bias !== false });
    if (this.outProj.bias) {
      this.outProj.bias = new Parameter([e], { init: ZERO, initSource: "MultiheadAttention._reset_parameters" });
    }
  }
}
