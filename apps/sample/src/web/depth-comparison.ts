import { lsuvInit, type LsuvLayerLike, type LsuvModelLike } from "@initlib/backend-tfjs";
import { BaseModule, Linear, Module, type ModuleInitCfg, Sequential, silentLogger } from "@initlib/core";
import type { Backend } from "@initlib/initializers";
import type * as tfCore from "@tensorflow/tfjs-core";
import type { TfNamespace } from "./forward-pass";

/** Number of weight layers of every network of the comparison. */
export const COMPARISON_DEPTH = 50;

/** Ids of the compared (scheme, network) pairs, in the order they are plotted. */
export const DEPTH_SERIES_IDS = ["kaiming", "kaiming-residual", "fixup", "lsuv"] as const;
/** One of {@link DEPTH_SERIES_IDS}. */
export type DepthSeriesId = (typeof DEPTH_SERIES_IDS)[number];

/** The activation std after every weight layer of one (scheme, network) pair. */
export interface DepthSeries {
  readonly id: DepthSeriesId;
  readonly label: string;
  /** `std[d]`: std over the batch of the activations after weight layer `d` (and its ReLU). */
  readonly std: readonly number[];
}

/** Options of {@link compareDepthSchemes}. */
export interface DepthComparisonOptions {
  /** initlib seed of the Kaiming and Fixup weights and LSUV's orthogonal pre-init. @default 0 */
  readonly seed?: number;
  /** Features of every layer. @default 64 */
  readonly width?: number;
  /** Rows of the measured batch and of LSUV's own batch (another draw). @default 256 */
  readonly batchSize?: number;
  /** Backend of `initWeights`; the host backend when absent. */
  readonly backend?: Backend;
}

/** The plain network: `layers.{0..49}` Linear(width, width), each followed by a ReLU in the forward pass. */
class PlainMlp extends BaseModule {
  static override readonly typeName: string = "PlainMlp";
  static override readonly typeBases: readonly string[] = ["BaseModule"];
  readonly layers: Sequential;
  constructor(width: number, initCfg: ModuleInitCfg) {
    super(initCfg);
    this.layers = new Sequential(Array.from({ length: COMPARISON_DEPTH }, () => new Linear({ inFeatures: width, outFeatures: width })));
  }
}

/** A residual branch: `x ↦ relu(x + linear2(relu(linear1(x))))`. */
class ResidualBlock extends Module {
  static override readonly typeName: string = "ResidualBlock";
  static override readonly typeBases: readonly string[] = ["Module"];
  readonly linear1: Linear;
  readonly linear2: Linear;
  constructor(width: number) {
    super();
    this.linear1 = new Linear({ inFeatures: width, outFeatures: width });
    this.linear2 = new Linear({ inFeatures: width, outFeatures: width });
  }
}

/** The residual network: `blocks.{0..24}`, 25 branches of 2 Linear layers, 50 weight layers. */
class ResidualMlp extends BaseModule {
  static override readonly typeName: string = "ResidualMlp";
  static override readonly typeBases: readonly string[] = ["BaseModule"];
  readonly blocks: Sequential;
  constructor(width: number, initCfg: ModuleInitCfg) {
    super(initCfg);
    this.blocks = new Sequential(Array.from({ length: COMPARISON_DEPTH / 2 }, () => new ResidualBlock(width)));
  }
}

const KAIMING: ModuleInitCfg = [{ type: "Kaiming", mode: "fan_in", nonlinearity: "relu", layer: "Linear" }];
const FIXUP: ModuleInitCfg = [{ type: "Fixup", branches: "blocks.*" }];

/** torch-layout (out, in) weights of `model`'s Linear layers, in order, as tensors. */
async function linearWeights(tf: TfNamespace, model: Module): Promise<tfCore.Tensor2D[]> {
  const weights: tfCore.Tensor2D[] = [];
  for (const module of model.modules()) {
    if (module instanceof Linear) weights.push(tf.tensor2d(await module.weight.read(), [module.outFeatures, module.inFeatures]));
  }
  return weights;
}

/** std over every element of each tensor, read back in one transfer; disposes the tensors. */
async function stds(tf: TfNamespace, tensors: tfCore.Tensor[]): Promise<number[]> {
  const stacked = tf.tidy(() => tf.sqrt(tf.moments(tf.stack(tensors.map((tensor) => tf.reshape(tensor, [-1]))), 1).variance));
  try {
    return Array.from(await stacked.data());
  } finally {
    stacked.dispose();
    tf.dispose(tensors);
  }
}

/** relu(x·Wᵀ) after every torch-layout weight, in order. */
function plainForward(tf: TfNamespace, input: tfCore.Tensor2D, weights: readonly tfCore.Tensor2D[], transposed: boolean): tfCore.Tensor[] {
  let x = input;
  return weights.map((weight) => (x = tf.relu(tf.matMul(x, weight, false, transposed))));
}

/** Per block: relu(x·W1ᵀ), then relu(x + h·W2ᵀ). */
function residualForward(tf: TfNamespace, input: tfCore.Tensor2D, weights: readonly tfCore.Tensor2D[]): tfCore.Tensor[] {
  const outputs: tfCore.Tensor[] = [];
  let x = input;
  for (let index = 0; index < weights.length; index += 2) {
    const inner = tf.relu(tf.matMul(x, weights[index]!, false, true));
    x = tf.relu(tf.add(x, tf.matMul(inner, weights[index + 1]!, false, true)));
    outputs.push(inner, x);
  }
  return outputs;
}

/**
 * A plain ReLU MLP of tfjs variables shaped as tfjs `Dense` kernels `(in, out)`, seen by
 * `lsuvInit` as a tfjs-layers model: layer `dense{d}` outputs the pre-activation `x·K`, and the
 * next layer takes its ReLU. The input of each layer is kept once computed and dropped when an
 * earlier kernel is written, so LSUV's layer-by-layer measures cost one layer each, not the whole
 * prefix again (50 layers: O(depth) products instead of O(depth²)).
 */
function lsuvMlp(tf: TfNamespace, width: number): { model: LsuvModelLike; kernels: tfCore.Variable[]; dispose(): void } {
  const kernels = Array.from({ length: COMPARISON_DEPTH }, () => tf.variable(tf.zeros([width, width])));
  // layerInputs[d]: the (ReLU'd) input of layer d for cachedBatch; index 0 is the batch itself.
  let layerInputs: (tfCore.Tensor | undefined)[] = [];
  let cachedBatch: tfCore.Tensor | undefined;
  const forget = (from: number) => {
    tf.dispose(layerInputs.slice(from).filter((tensor): tensor is tfCore.Tensor => tensor !== undefined));
    layerInputs = layerInputs.slice(0, from);
  };
  const layers: LsuvLayerLike[] = kernels.map((kernel, index) => ({
    getClassName: () => "Dense",
    name: `dense${index}`,
    output: { name: `dense${index}` },
    weights: [
      {
        originalName: `dense${index}/kernel`,
        shape: [width, width],
        read: () => kernel,
        write: (value: tfCore.Tensor) => {
          forget(index + 1);
          kernel.assign(value);
        },
      },
    ],
  }));
  const execute = (inputs: tfCore.Tensor | tfCore.Tensor[], outputs: string | string[]): tfCore.Tensor => {
    const last = Number(String(outputs).slice("dense".length));
    const batch = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (batch !== cachedBatch) {
      forget(1);
      cachedBatch = batch;
    }
    let start = last;
    while (start > 0 && layerInputs[start] === undefined) start -= 1;
    let x = start === 0 ? batch : layerInputs[start]!;
    for (let index = start; index < last; index += 1) {
      x = tf.keep(tf.relu(tf.matMul(x as tfCore.Tensor2D, kernels[index]!)));
      layerInputs[index + 1] = x;
    }
    return tf.matMul(x as tfCore.Tensor2D, kernels[last]!);
  };
  return { model: { layers, execute }, kernels, dispose: () => forget(1) };
}

/**
 * The activation std by depth of a 50-weight-layer ReLU network under four (scheme, network)
 * pairs, on one N(0, 1) batch: Kaiming (fan_in) on a plain MLP (the std random-walks: He keeps it
 * only on average); Kaiming on a residual MLP of 25 two-layer branches (each branch adds its own
 * variance: the std explodes with depth); Fixup on that residual MLP (the last layer of each branch
 * is 0, so the signal passes unchanged); LSUV on the plain MLP (every pre-activation rescaled to
 * unit variance on its own batch, so after the ReLU the std is √(1/2 − 1/(2π)) ≈ 0.584 at every
 * depth). Kaiming and Fixup are configured as `initCfg` entries and run by `initWeights`; LSUV by
 * `lsuvInit` from `@initlib/backend-tfjs`, on the active tfjs backend.
 * @example
 * const series = await compareDepthSchemes(tf, { seed: 0 });
 * series.find((entry) => entry.id === "fixup")?.std.length; // 50
 */
export async function compareDepthSchemes(tf: TfNamespace, options: DepthComparisonOptions = {}): Promise<DepthSeries[]> {
  const { seed = 0, width = 64, batchSize = 256, backend } = options;
  const initialize = async (model: BaseModule) => void (await model.initWeights({ seed, logger: silentLogger, ...(backend ? { backend } : {}) }));
  const plain = new PlainMlp(width, KAIMING);
  const residual = new ResidualMlp(width, KAIMING);
  const fixup = new ResidualMlp(width, FIXUP);
  await Promise.all([initialize(plain), initialize(residual), initialize(fixup)]);
  const input = tf.randomNormal([batchSize, width], 0, 1, "float32", seed + 1) as tfCore.Tensor2D;
  const lsuvBatch = tf.randomNormal([batchSize, width], 0, 1, "float32", seed + 2);
  const lsuv = lsuvMlp(tf, width);
  try {
    await lsuvInit(tf, lsuv.model, lsuvBatch, { seed });
    const run = async (weights: tfCore.Tensor2D[], forward: (weights: tfCore.Tensor2D[]) => tfCore.Tensor[]) => {
      try {
        return await stds(tf, tf.tidy(() => forward(weights)));
      } finally {
        tf.dispose(weights);
      }
    };
    return [
      { id: "kaiming", label: "Kaiming (fan_in), plain MLP", std: await run(await linearWeights(tf, plain), (w) => plainForward(tf, input, w, true)) },
      { id: "kaiming-residual", label: "Kaiming (fan_in), residual MLP", std: await run(await linearWeights(tf, residual), (w) => residualForward(tf, input, w)) },
      { id: "fixup", label: "Fixup, residual MLP", std: await run(await linearWeights(tf, fixup), (w) => residualForward(tf, input, w)) },
      { id: "lsuv", label: "LSUV, plain MLP", std: await stds(tf, tf.tidy(() => plainForward(tf, input, lsuv.kernels as tfCore.Tensor2D[], false))) },
    ];
  } finally {
    lsuv.dispose();
    tf.dispose([input, lsuvBatch, ...lsuv.kernels]);
    await Promise.all([plain, residual, fixup].flatMap((model) => model.parameters().map((parameter) => parameter.dispose())));
  }
}
