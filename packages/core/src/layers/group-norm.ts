import { InitlibError } from "@initlib/registry";
import { Module } from "../module";
import type { Parameter } from "../parameter";
import { normalizationAffine } from "./layer-parameters";

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions {
  readonly numGroups: number;
  readonly numChannels: number;
  /** @default true */
  readonly affine?: boolean;
  readonly eps?: number;
}

/** torch's `nn.GroupNorm` (direct base `Module`): weight 1, bias 0. @example new GroupNorm({ numGroups: 2, numChannels: 8 }) */
export class GroupNorm extends Module {
  static override readonly typeName: string = "GroupNorm";
  static override readonly typeBases: readonly string[] = ["Module"];
  readonly numGroups: number;
  readonly numChannels: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(options: GroupNormOptions) {
    super();
    if (!Number.isInteger(options.numGroups) || options.numGroups < 1 || options.numChannels % options.numGroups !== 0) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "GroupNorm: numChannels must be divisible by numGroups", {
        path: "GroupNorm.numGroups",
        received: options.numGroups,
      });
    }
    this.numGroups = options.numGroups;
    this.numChannels = options.numChannels;
    ({ weight: this.weight, bias: this.bias } = normalizationAffine("GroupNorm", [options.numChannels], options.affine ?? true, true));
  }
}
