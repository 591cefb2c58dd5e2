import type { Tensor } from "@tensorflow/tfjs-core";
import { InitlibError } from "@initlib/registry";

/** The parts of a tfjs-layers `LayerVariable` LSUV reads and rescales. */
export interface LsuvVariableLike {
  /** `<layer name>/<weight name>`, e.g. `dense_3/kernel`. */
  readonly originalName: string;
  readonly shape: readonly (number | null)[];
  read(): Tensor;
  write(value: Tensor): unknown;
}

/** The parts of a tfjs-layers layer LSUV uses. */
export interface LsuvLayerLike {
  getClassName(): string;
  readonly name: string;
  readonly weights: readonly LsuvVariableLike[];
  /** The layer's symbolic output in the model (tfjs throws for a layer called more than once). */
  readonly output: { readonly name: string } | readonly { readonly name: string }[];
}

/**
 * The parts of a tfjs-layers `LayersModel` or `Sequential` LSUV uses: its top-level layers and
 * `execute`, which runs the model up to named symbolic outputs (structural, so this package does
 * not import `@tensorflow/tfjs-layers` at run time).
 */
export interface LsuvModelLike {
  readonly layers: readonly LsuvLayerLike[];
  execute(inputs: Tensor | Tensor[], outputs: string | string[]): Tensor | Tensor[];
}

/** Layer classes LSUV rescales (the paper's convolution and fully connected layers) → kernel layout. */
export const LSUV_LAYER_LAYOUTS: Readonly<Record<string, string>> = {
  Dense: "IO",
  Conv1D: "LIO",
  Conv2D: "HWIO",
  Conv3D: "DHWIO",
  Conv2DTranspose: "HWOI",
  Conv3DTranspose: "DHWOI",
};

/** One layer LSUV acts on: its kernel and the name of its symbolic output. */
export interface LsuvLayer {
  readonly name: string;
  readonly kernel: LsuvVariableLike;
  readonly layout: string;
  readonly shape: readonly number[];
  readonly outputName: string;
}

/**
 * The top-level layers of `model` LSUV rescales, in the model's order, or a coded error for a model
 * without any (or a layer whose output is ambiguous) before anything is written.
 * @internal
 */
export function lsuvLayers(model: LsuvModelLike): LsuvLayer[] {
  if (typeof model !== "object" || model === null || !Array.isArray(model.layers) || typeof model.execute !== "function") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "LSUV needs a tfjs-layers model", {
      path: "model",
      received: model,
      expected: "a tf.LayersModel or tf.Sequential (layers and execute())",
    });
  }
  const layers: LsuvLayer[] = [];
  for (const layer of model.layers as readonly LsuvLayerLike[]) {
    const layout = LSUV_LAYER_LAYOUTS[layer.getClassName()];
    const kernel = layer.weights.find((variable: LsuvVariableLike) => variable.originalName.endsWith("/kernel"));
    if (layout === undefined || kernel === undefined) continue;
    let output: LsuvLayerLike["output"];
    try {
      output = layer.output;
    } catch (error) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `LSUV: layer ${layer.name} has no single output in the model`, {
        path: `model.layers.${layer.name}`,
        expected: "layers called once in the model graph",
        hint: "LSUV measures each layer's output; a layer shared between calls has several",
        cause: error,
      });
    }
    const outputName = Array.isArray(output) ? (output as readonly { name: string }[])[0]?.name : (output as { name: string }).name;
    layers.push({ name: layer.name, kernel, layout, shape: kernel.shape.map((size: number | null) => size ?? 0), outputName: outputName! });
  }
  if (layers.length === 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "LSUV found no Dense or convolution layer at the top level of the model", {
      path: "model.layers",
      received: model.layers.map((layer) => `${layer.name} (${layer.getClassName()})`),
      expected: `top-level layers of these classes: ${Object.keys(LSUV_LAYER_LAYOUTS).join(", ")}`,
      hint: "nested models are not entered; flatten the model or run LSUV on the inner model",
    });
  }
  return layers;
}
