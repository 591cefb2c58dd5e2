import { InitlibError } from "@initlib/registry";
import { Module } from "../module";
import type { Parameter } from "../parameter";
import { torchFanIn } from "./default-rules";
import { torchDefaultWeightAndBias } from "./layer-parameters";

/** Options of the convolution layers (torch's argument names in camelCase). */
export interface ConvolutionOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  /** One size for every spatial axis, or one per axis. */
  readonly kernelSize: number | readonly number[];
  /** @default 1 */
  readonly groups?: number;
  /** @default true */
  readonly bias?: boolean;
  /** Accepted for torch compatibility; they do not change the parameters. */
  readonly stride?: number | readonly number[];
  readonly padding?: number | string | readonly number[];
  readonly dilation?: number | readonly number[];
  readonly outputPadding?: number | readonly number[];
  readonly paddingMode?: string;
}

const LAYOUTS = ["L", "HW", "DHW"] as const;

function kernelOf(kernelSize: number | readonly number[], rank: number, layer: string): number[] {
  const kernel = typeof kernelSize === "number" ? Array.from({ length: rank }, () => kernelSize) : [...kernelSize];
  if (kernel.length !== rank || kernel.some((k) => !Number.isInteger(k) || k < 0)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${layer}: kernelSize must be a non-negative integer or ${rank} of them`, {
      path: `${layer}.kernelSize`,
      received: kernelSize,
    });
  }
  return kernel;
}

function checkGroups(options: ConvolutionOptions, layer: string): number {
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || options.inChannels % groups !== 0 || options.outChannels % groups !== 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${layer}: inChannels and outChannels must be divisible by groups`, {
      path: `${layer}.groups`,
      received: groups,
      expected: `a positive divisor of ${options.inChannels} and ${options.outChannels}`,
    });
  }
  return groups;
}

/**
 * What torch's `_ConvNd` and `_ConvTransposeNd` have in common: `weight` of shape (out, in/groups,
 * k...) in layout `OIL`/`OIHW`/`OIDHW` (regular) or (in, out/groups, k...) in `IOL`/`IOHW`/`IODHW`
 * (transposed), `bias` (out); default values U(±1/√fan_in) as torch's `reset_parameters`, where
 * torch computes fan_in from the weight's dim 1 in both cases.
 */
abstract class ConvolutionLayer extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(options: ConvolutionOptions, rank: 1 | 2 | 3, transposed: boolean) {
    super();
    const layer = this.typeName;
    this.groups = checkGroups(options, layer);
    this.kernelSize = kernelOf(options.kernelSize, rank, layer);
    this.inChannels = options.inChannels;
    this.outChannels = options.outChannels;
    const [first, second] = transposed ? [options.inChannels, options.outChannels] : [options.outChannels, options.inChannels];
    const shape = [first, second / this.groups, ...this.kernelSize];
    const layout = `${transposed ? "IO" : "OI"}${LAYOUTS[rank - 1]}` as const;
    const biasLength = options.bias === false ? null : options.outChannels;
    ({ weight: this.weight, bias: this.bias } = torchDefaultWeightAndBias(layer, shape, { layout, groups: this.groups }, torchFanIn(shape), biasLength));
  }
}

/** Shared body of torch's `_ConvNd` family (see {@link ConvolutionLayer}). */
abstract class ConvolutionNd extends ConvolutionLayer {
  constructor(options: ConvolutionOptions, rank: 1 | 2 | 3) {
    super(options, rank, false);
  }
}

/** torch's `nn.Conv1d` (direct base `_ConvNd`). @example new Conv1d({ inChannels: 4, outChannels: 8, kernelSize: 3 }) */
export class Conv1d extends ConvolutionNd {
  static override readonly typeName: string = "Conv1d";
  static override readonly typeBases: readonly string[] = ["_ConvNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 1);
  }
}

/** torch's `nn.Conv2d` (direct base `_ConvNd`). @example new Conv2d({ inChannels: 3, outChannels: 64, kernelSize: 7 }) */
export class Conv2d extends ConvolutionNd {
  static override readonly typeName: string = "Conv2d";
  static override readonly typeBases: readonly string[] = ["_ConvNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 2);
  }
}

/** torch's `nn.Conv3d` (direct base `_ConvNd`). @example new Conv3d({ inChannels: 2, outChannels: 4, kernelSize: 3 }) */
export class Conv3d extends ConvolutionNd {
  static override readonly typeName: string = "Conv3d";
  static override readonly typeBases: readonly string[] = ["_ConvNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 3);
  }
}

/** Shared body of torch's `_ConvTransposeNd` (see {@link ConvolutionLayer}). */
abstract class TransposedConvolutionNd extends ConvolutionLayer {
  constructor(options: ConvolutionOptions, rank: 1 | 2 | 3) {
    super(options, rank, true);
  }
}

/** torch's `nn.ConvTranspose1d` (direct base `_ConvTransposeNd`, so `'_ConvNd'` does not match it). @example new ConvTranspose1d({ inChannels: 4, outChannels: 2, kernelSize: 3 }) */
export class ConvTranspose1d extends TransposedConvolutionNd {
  static override readonly typeName: string = "ConvTranspose1d";
  static override readonly typeBases: readonly string[] = ["_ConvTransposeNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 1);
  }
}

/** torch's `nn.ConvTranspose2d` (direct base `_ConvTransposeNd`). @example new ConvTranspose2d({ inChannels: 4, outChannels: 6, kernelSize: 3 }) */
export class ConvTranspose2d extends TransposedConvolutionNd {
  static override readonly typeName: string = "ConvTranspose2d";
  static override readonly typeBases: readonly string[] = ["_ConvTransposeNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 2);
  }
}

/** torch's `nn.ConvTranspose3d` (direct base `_ConvTransposeNd`). @example new ConvTranspose3d({ inChannels: 2, outChannels: 2, kernelSize: 3 }) */
export class ConvTranspose3d extends TransposedConvolutionNd {
  static override readonly typeName: string = "ConvTranspose3d";
  static override readonly typeBases: readonly string[] = ["_ConvTransposeNd"];
  constructor(options: ConvolutionOptions) {
    super(options, 3);
  }
}
