import { ModuleBuffer } from "../module-buffer";
import { Module } from "../module";
import type { Parameter } from "../parameter";
import { ONE, ZERO } from "./default-rules";
import { normalizationAffine } from "./layer-parameters";

/** Options of the batch-norm layers. */
export interface BatchNormOptions {
  readonly numFeatures: number;
  /** Learnable `weight` and `bias`. @default true */
  readonly affine?: boolean;
  /** `running_mean`, `running_var`, `num_batches_tracked` buffers. @default true */
  readonly trackRunningStats?: boolean;
  /** Accepted for torch compatibility; no effect on parameters. */
  readonly eps?: number;
  readonly momentum?: number | null;
}

/** Shared body of torch's `_BatchNorm` / `_InstanceNorm`: weight 1, bias 0, running stats 0 / 1 / 0. */
export abstract class NormalizationNd extends Module {
  static override readonly stateNames: Readonly<Record<string, string>> = {
    runningMean: "running_mean",
    runningVar: "running_var",
    numBatchesTracked: "num_batches_tracked",
  };
  readonly numFeatures: number;
  weight: Parameter | null;
  bias: Parameter | null;
  runningMean: ModuleBuffer | null;
  runningVar: ModuleBuffer | null;
  numBatchesTracked: ModuleBuffer | null;

  constructor(options: BatchNormOptions, defaults: { affine: boolean; trackRunningStats: boolean }) {
    super();
    const n = options.numFeatures;
    this.numFeatures = n;
    const source = `${this.typeName}.reset_parameters`;
    const track = options.trackRunningStats ?? defaults.trackRunningStats;
    ({ weight: this.weight, bias: this.bias } = normalizationAffine(this.typeName, [n], options.affine ?? defaults.affine, true));
    this.runningMean = track ? new ModuleBuffer([n], { init: ZERO, initSource: source }) : null;
    this.runningVar = track ? new ModuleBuffer([n], { init: ONE, initSource: source }) : null;
    this.numBatchesTracked = track ? new ModuleBuffer([], { init: ZERO, initSource: source }) : null;
  }
}

/** Shared body of torch's `_BatchNorm` classes: affine, with running statistics by default. */
abstract class BatchNormNd extends NormalizationNd {
  constructor(options: BatchNormOptions) {
    super(options, { affine: true, trackRunningStats: true });
  }
}

/** torch's `nn.BatchNorm1d` (direct base `_BatchNorm`). @example new BatchNorm1d({ numFeatures: 16 }) */
export class BatchNorm1d extends BatchNormNd {
  static override readonly typeName: string = "BatchNorm1d";
  static override readonly typeBases: readonly string[] = ["_BatchNorm"];
}

/** torch's `nn.BatchNorm2d` (direct base `_BatchNorm`). @example new BatchNorm2d({ numFeatures: 64 }) */
export class BatchNorm2d extends BatchNormNd {
  static override readonly typeName: string = "BatchNorm2d";
  static override readonly typeBases: readonly string[] = ["_BatchNorm"];
}

/** torch's `nn.BatchNorm3d` (direct base `_BatchNorm`). @example new BatchNorm3d({ numFeatures: 8 }) */
export class BatchNorm3d extends BatchNormNd {
  static override readonly typeName: string = "BatchNorm3d";
  static override readonly typeBases: readonly string[] = ["_BatchNorm"];
}

/**
 * torch's `nn.InstanceNorm2d` (direct base `_InstanceNorm`): by default no parameters and no
 * running statistics (`affine` and `trackRunningStats` are false, as in torch).
 * @example new InstanceNorm2d({ numFeatures: 8, affine: true })
 */
export class InstanceNorm2d extends NormalizationNd {
  static override readonly typeName: string = "InstanceNorm2d";
  static override readonly typeBases: readonly string[] = ["_InstanceNorm"];
  constructor(options: BatchNormOptions) {
    super(options, { affine: false, trackRunningStats: false });
  }
}
