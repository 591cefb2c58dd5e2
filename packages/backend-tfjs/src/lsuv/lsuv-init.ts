import type { Tensor } from "@tensorflow/tfjs-core";
import { OrthogonalInit } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { TfjsNamespace } from "../tfjs-namespace";
import { type LsuvLayer, lsuvLayers, type LsuvModelLike } from "./lsuv-model";
import { readLsuvOptions, type LsuvOptions } from "./lsuv-options";

/** What LSUV did to one layer. */
export interface LsuvLayerReport {
  readonly name: string;
  /** Variance of the layer's output before the first rescale (after the orthogonal pre-init). */
  readonly initialVariance: number;
  /** Variance of the layer's output when LSUV moved on: within `tolerance` of 1. */
  readonly finalVariance: number;
  /** Rescales applied (0 when the first measure was already within the tolerance). */
  readonly iterations: number;
  /** Product of the factors the kernel was multiplied by. */
  readonly scale: number;
}

/**
 * Layer-sequential unit-variance initialization (Mishkin & Matas, 2016, "All you need is a good
 * init", ICLR, Algorithm 1) of a tfjs-layers model, data-dependent:
 * 1. pre-initialize every Dense/convolution kernel with an orthogonal matrix (initlib's
 *    `Orthogonal`, PyTorch's `orthogonal_`, drawn from (seed, `<layer>.kernel`), so it is
 *    reproducible) unless `orthogonal: false`;
 * 2. for each such layer in order: forward `batch` through the model up to the layer's output,
 *    and while |Var(output) − 1| ≥ `tolerance`, divide the kernel by √Var(output) and measure again.
 * The output is the layer's own output as tfjs computes it (after a fused activation: for the
 * paper's pre-activation variance give the layer no activation and follow it with an
 * `activation` layer). Biases are left as they are. Forward passes use `tf`'s active backend
 * (cpu, webgl, webgpu alike); the result depends only on the model, the batch and `seed`.
 *
 * Errors (coded, before anything stays written): no batch or an empty one, a model without Dense or
 * convolution layers, bad options (`INITLIB_BAD_ARGUMENT`); a layer whose variance is not within
 * `tolerance` of 1 after `maxIterations` rescales, or whose output is constant
 * (`INITLIB_NOT_CONVERGED`) — then every kernel is put back as it was.
 * @example
 * const report = await lsuvInit(tf, model, tf.randomNormal([256, 784], 0, 1, "float32", 1), { seed: 0 });
 * report.map((layer) => layer.finalVariance); // each within 0.1 of 1
 */
export async function lsuvInit(tf: TfjsNamespace, model: LsuvModelLike, batch: Tensor | Tensor[], options: LsuvOptions = {}): Promise<LsuvLayerReport[]> {
  const settings = readLsuvOptions(options);
  requireBatch(batch);
  const layers = lsuvLayers(model);
  const originals = layers.map((layer) => tf.clone(layer.kernel.read()));
  try {
    if (settings.orthogonal) for (const layer of layers) await writeOrthogonal(tf, layer, settings.seed);
    const reports: LsuvLayerReport[] = [];
    for (const layer of layers) reports.push(await normalizeLayer(tf, model, batch, layer, settings));
    return reports;
  } catch (error) {
    layers.forEach((layer, index) => layer.kernel.write(originals[index]!));
    throw error;
  } finally {
    for (const original of originals) original.dispose();
  }
}

function requireBatch(batch: Tensor | Tensor[] | undefined): void {
  const tensors = Array.isArray(batch) ? batch : batch === undefined || batch === null ? [] : [batch];
  const valid = tensors.length > 0 && tensors.every((tensor) => typeof tensor === "object" && tensor !== null && typeof tensor.size === "number" && tensor.size > 0);
  if (valid) return;
  throw new InitlibError("INITLIB_BAD_ARGUMENT", "LSUV needs a batch of inputs to measure the layers' output variance", {
    path: "batch",
    received: batch,
    expected: "a non-empty tf.Tensor (or one per model input) shaped like the model's input, batch axis first",
    hint: "pass a batch of real training inputs (the paper uses one mini-batch), e.g. the first batch of your data loader",
  });
}

async function writeOrthogonal(tf: TfjsNamespace, layer: LsuvLayer, seed: number): Promise<void> {
  const rule = new OrthogonalInit().weightRule({ shape: layer.shape, layout: layer.layout });
  if (rule?.kind !== "values") return;
  const values = await rule.load({ seed, path: `${layer.name}.kernel` });
  tf.tidy(() => void layer.kernel.write(tf.tensor(values, [...layer.shape], "float32")));
}

async function outputVariance(tf: TfjsNamespace, model: LsuvModelLike, batch: Tensor | Tensor[], layer: LsuvLayer): Promise<number> {
  const variance = tf.tidy(() => {
    const output = model.execute(batch, layer.outputName);
    return tf.moments(Array.isArray(output) ? output[0]! : output).variance;
  });
  try {
    return (await variance.data())[0]!;
  } finally {
    variance.dispose();
  }
}

async function normalizeLayer(
  tf: TfjsNamespace,
  model: LsuvModelLike,
  batch: Tensor | Tensor[],
  layer: LsuvLayer,
  settings: ReturnType<typeof readLsuvOptions>,
): Promise<LsuvLayerReport> {
  let variance = await outputVariance(tf, model, batch, layer);
  const initialVariance = variance;
  let scale = 1;
  let iterations = 0;
  while (Math.abs(variance - 1) >= settings.tolerance) {
    if (iterations === settings.maxIterations || !(variance > 0) || !Number.isFinite(variance)) {
      throw new InitlibError("INITLIB_NOT_CONVERGED", `LSUV: the output variance of layer ${layer.name} is ${variance}, not within ${settings.tolerance} of 1, after ${iterations} rescales`, {
        path: `model.layers.${layer.name}`,
        received: { initialVariance, variance, iterations },
        expected: `|Var(output) − 1| < ${settings.tolerance} within maxIterations = ${settings.maxIterations}`,
        hint:
          variance > 0 && Number.isFinite(variance)
            ? "raise maxIterations or tolerance, or use a larger batch (a fused activation or normalization can make the variance respond slowly)"
            : "the layer's output is constant or not finite on this batch (dead ReLUs, an all-zero input): check the batch and the layers before it",
      });
    }
    const factor = 1 / Math.sqrt(variance);
    tf.tidy(() => void layer.kernel.write(tf.mul(layer.kernel.read(), factor)));
    scale *= factor;
    iterations += 1;
    variance = await outputVariance(tf, model, batch, layer);
  }
  return { name: layer.name, initialVariance, finalVariance: variance, iterations, scale };
}
