import type * as tfCore from "@tensorflow/tfjs-core";

/** The tfjs-core namespace (functional ops only: tfjs-core registers no chained ops). */
export type TfNamespace = typeof tfCore;

/**
 * One layer's initialized parameters in torch layouts: host arrays (as `Parameter.read()` returns
 * them) or tensors already on the tfjs backend (the parameters' own variables, no copy).
 */
export interface LayerWeights {
  /** Dotted name of the layer in the model, e.g. `layers.4`. */
  readonly name: string;
  readonly kind: "linear" | "conv2d";
  /** Torch layout: Linear `(out, in)`, Conv2d `(out, in, kH, kW)`. */
  readonly weightShape: readonly number[];
  readonly weight: Float32Array | tfCore.Tensor;
  /** Length `out`; `null` when the layer has no bias. */
  readonly bias: Float32Array | tfCore.Tensor | null;
}

/** The input batch a forward pass starts from. */
export interface ForwardInput {
  /** Linear networks: `[batch, features]`; conv networks: `[batch, height, width, channels]` (NHWC). */
  readonly shape: readonly number[];
  /** Seed of tfjs' own normal generator for the N(0, 1) input batch. */
  readonly seed: number;
}

/**
 * Pushes a batch of N(0, 1) inputs through `Linear/Conv2d → ReLU` layers with tfjs ops on the
 * active tfjs backend and returns the standard deviation of the activations after every layer.
 * Conv layers use stride 1 and torch's `padding_mode="reflect"` (a one-pixel mirror border, so the
 * border sees real activations and a variance-preserving init preserves the variance at every
 * pixel; zero padding would shrink it a little at every layer); torch `OIHW` kernels are
 * transposed to tfjs' `HWIO`. All depths are reduced in one batched op at the end, which matters
 * on software WebGPU where every dispatch costs.
 * @example
 * const stds = await activationStdPerDepth(tf, layers, { shape: [256, 256], seed: 1 });
 * stds.length === layers.length;
 */
export async function activationStdPerDepth(tf: TfNamespace, layers: readonly LayerWeights[], input: ForwardInput): Promise<number[]> {
  const stdTensors = tf.tidy(() => {
    let x: tfCore.Tensor = tf.randomNormal([...input.shape], 0, 1, "float32", input.seed);
    const outputs: tfCore.Tensor[] = [];
    for (const layer of layers) {
      x = tf.relu(applyLayer(tf, x, layer));
      outputs.push(tf.reshape(x, [-1]));
    }
    if (outputs.length === 0) return tf.tensor1d([]);
    // Layers may differ in output size (a first conv layer with other channels): reduce per size group.
    if (outputs.every((output) => output.size === outputs[0]!.size)) return tf.sqrt(tf.moments(tf.stack(outputs), 1).variance);
    return tf.stack(outputs.map((output) => tf.sqrt(tf.moments(output).variance)));
  });
  try {
    return Array.from(await stdTensors.data());
  } finally {
    stdTensors.dispose();
  }
}

function applyLayer(tf: TfNamespace, x: tfCore.Tensor, layer: LayerWeights): tfCore.Tensor {
  const [out] = layer.weightShape;
  const biasLength = layer.bias === null ? out : layer.bias instanceof Float32Array ? layer.bias.length : layer.bias.size;
  if (biasLength !== out) throw new Error(`${layer.name}: bias has ${biasLength} values, expected ${out}`);
  const weight = layer.weight instanceof Float32Array ? tf.tensor(layer.weight, [...layer.weightShape]) : layer.weight;
  const withBias = (y: tfCore.Tensor): tfCore.Tensor => (layer.bias === null ? y : tf.add(y, layer.bias instanceof Float32Array ? tf.tensor1d(layer.bias) : layer.bias));
  if (layer.kind === "linear") {
    // torch Linear: y = x · Wᵀ + b with W of shape (out, in).
    return withBias(tf.matMul(x as tfCore.Tensor2D, weight as tfCore.Tensor2D, false, true));
  }
  const [, , h, w] = layer.weightShape as [number, number, number, number];
  const kernel = tf.transpose(weight, [2, 3, 1, 0]) as tfCore.Tensor4D;
  const [padH, padW] = [(h - 1) / 2, (w - 1) / 2];
  if (!Number.isInteger(padH) || !Number.isInteger(padW)) throw new Error(`${layer.name}: kernel ${h}×${w} has no centre; use odd kernel sizes`);
  const padded = padH + padW === 0 ? x : tf.mirrorPad(x as tfCore.Tensor4D, [[0, 0], [padH, padH], [padW, padW], [0, 0]], "reflect");
  return withBias(tf.conv2d(padded as tfCore.Tensor4D, kernel, 1, "valid"));
}

/**
 * The ratio of the last to the first layer's activation std: ~1 when initialization keeps the
 * signal stable, ≪ 1 when it vanishes, ≫ 1 when it explodes.
 * @example
 * stdRatio([0.8, 0.7, 0.9]); // 1.125
 */
export function stdRatio(stds: readonly number[]): number {
  if (stds.length === 0) return Number.NaN;
  return stds.at(-1)! / stds[0]!;
}
