import { Module } from "../module";
import { Parameter } from "../parameter";

/** Options of {@link PReLU}. */
export interface PReLUOptions {
  /** @default 1 */
  readonly numParameters?: number;
  /** @default 0.25 */
  readonly init?: number;
}

/** torch's `nn.PReLU` (direct base `Module`): `weight` of `numParameters` slopes, 0.25. @example new PReLU({ numParameters: 8 }) */
export class PReLU extends Module {
  static override readonly typeName: string = "PReLU";
  static override readonly typeBases: readonly string[] = ["Module"];
  weight: Parameter;

  constructor(options: PReLUOptions = {}) {
    super();
    this.weight = new Parameter([options.numParameters ?? 1], {
      init: { kind: "constant", value: options.init ?? 0.25 },
      initSource: "PReLU.reset_parameters",
    });
  }
}
