import { Module } from "../module";

/** torch's `nn.ReLU` (direct base `Module`): no parameters; initializers skip it. @example new ReLU() */
export class ReLU extends Module {
  static override readonly typeName: string = "ReLU";
  static override readonly typeBases: readonly string[] = ["Module"];
  constructor(_options: { inplace?: boolean } = {}) {
    super();
  }
}

/** torch's `nn.Identity` (direct base `Module`). @example new Identity() */
export class Identity extends Module {
  static override readonly typeName: string = "Identity";
  static override readonly typeBases: readonly string[] = ["Module"];
  constructor(_options: Record<string, unknown> = {}) {
    super();
  }
}

/** torch's `nn.MaxPool2d` (direct base `_MaxPoolNd`). @example new MaxPool2d({ kernelSize: 2 }) */
export class MaxPool2d extends Module {
  static override readonly typeName: string = "MaxPool2d";
  static override readonly typeBases: readonly string[] = ["_MaxPoolNd"];
  readonly kernelSize: number | readonly number[];
  constructor(options: { kernelSize: number | readonly number[]; stride?: number | readonly number[]; padding?: number }) {
    super();
    this.kernelSize = options.kernelSize;
  }
}
