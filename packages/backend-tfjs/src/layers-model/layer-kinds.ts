import type { Layout } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { LayerLike } from "./tfjs-layers-types";

/** How one tfjs weight becomes a tensor of the initlib module tree. */
export interface WeightSpec {
  /** The tfjs weight name: the part of `originalName` after the last `/` (`kernel`, `gamma`, ...). */
  readonly tfjsName: string;
  /** The property on the module; initializers act on `weight` and `bias`. */
  readonly property: string;
  readonly kind: "parameter" | "buffer";
  /** The weight's axis layout, from its shape. */
  readonly layout?: (shape: readonly number[]) => Layout | undefined;
  /** SeparableConv2D only: the child module the weight belongs to. */
  readonly child?: "depthwise" | "pointwise";
}

/** How one tfjs layer class is presented to initlib. */
export interface LayerKind {
  /** The torch class of the equivalent layer (`Linear` for `Dense`). */
  readonly torchTypeName: string;
  /** What `layer` matches besides the tfjs class name: the torch class and its direct torch bases. */
  readonly typeBases: readonly string[];
  readonly weights: readonly WeightSpec[];
  /** Recurrent layers: the gate blocks along the output axis of the kernels, tfjs order. */
  readonly gates?: readonly string[];
  /** Recurrent layers: whether the weights carry torch's names (`weight_ih_l0`) or tfjs's (`kernel`). */
  readonly torchNames?: boolean;
}

const fixed = (layout: Layout) => () => layout;
const weight = (tfjsName: string, layout: Layout): WeightSpec => ({ tfjsName, property: "weight", kind: "parameter", layout: fixed(layout) });
const bias: WeightSpec = { tfjsName: "bias", property: "bias", kind: "parameter" };
const convolution = (torchTypeName: string, layout: Layout, transposed = false): LayerKind => ({
  torchTypeName,
  typeBases: [torchTypeName, transposed ? "_ConvTransposeNd" : "_ConvNd"],
  weights: [weight("kernel", layout), bias],
});
const normalization = (torchTypeName: string, torchBase: string, buffers: boolean): LayerKind => ({
  torchTypeName,
  typeBases: [torchTypeName, torchBase],
  weights: [
    { tfjsName: "gamma", property: "weight", kind: "parameter" },
    { tfjsName: "beta", property: "bias", kind: "parameter" },
    ...(buffers
      ? ([
          { tfjsName: "moving_mean", property: "running_mean", kind: "buffer" },
          { tfjsName: "moving_variance", property: "running_var", kind: "buffer" },
        ] as const)
      : []),
  ],
});
const recurrent = (torchTypeName: string, gates: readonly string[], torchNames: boolean): LayerKind => ({
  torchTypeName,
  typeBases: [torchTypeName, "RNNBase"],
  gates,
  torchNames,
  weights: [
    weight("kernel", "IO"),
    { tfjsName: "recurrent_kernel", property: "recurrentWeight", kind: "parameter", layout: fixed("IO") },
    bias,
  ],
});

/** PReLU's alpha has the input's shape without the batch axis; it has no fans (torch's weight is 1-D). */
function preluLayout(shape: readonly number[]): Layout | undefined {
  // Letters without I/O make computeFans fail for Xavier/Kaiming, as torch does on its 1-D weight.
  return shape.length >= 2 ? "DHWC".slice(4 - Math.min(shape.length, 4)).padStart(shape.length, "N") : undefined;
}

const KINDS: Readonly<Record<string, LayerKind>> = {
  Dense: { torchTypeName: "Linear", typeBases: ["Linear", "Module"], weights: [weight("kernel", "IO"), bias] },
  Conv1D: convolution("Conv1d", "LIO"),
  Conv2D: convolution("Conv2d", "HWIO"),
  Conv3D: convolution("Conv3d", "DHWIO"),
  Conv2DTranspose: convolution("ConvTranspose2d", "HWOI", true),
  Conv3DTranspose: convolution("ConvTranspose3d", "DHWOI", true),
  // torch's equivalent is Conv2d(I, I·M, k, groups=I); its weight (I·M, 1, kh, kw) is HWIM reshaped.
  DepthwiseConv2D: { torchTypeName: "Conv2d", typeBases: ["Conv2d", "_ConvNd"], weights: [weight("depthwise_kernel", "HWIM"), bias] },
  SeparableConv2D: {
    torchTypeName: "SeparableConv2D",
    typeBases: ["Module"],
    weights: [
      { tfjsName: "depthwise_kernel", property: "weight", kind: "parameter", layout: fixed("HWIM"), child: "depthwise" },
      { tfjsName: "pointwise_kernel", property: "weight", kind: "parameter", layout: fixed("HWIO"), child: "pointwise" },
      { tfjsName: "bias", property: "bias", kind: "parameter", child: "pointwise" },
    ],
  },
  Embedding: { torchTypeName: "Embedding", typeBases: ["Embedding", "Module"], weights: [weight("embeddings", "OI")] },
  LayerNormalization: normalization("LayerNorm", "Module", false),
  SimpleRNN: recurrent("RNN", ["h"], true),
  LSTM: recurrent("LSTM", ["i", "f", "c", "o"], true),
  // tfjs's GRU (gates z, r, h; reset before the recurrent product) is not torch's GRU (r, z, n;
  // reset after it), so its weights keep tfjs's names: a torch GRU checkpoint never loads silently wrong.
  GRU: recurrent("GRU", ["z", "r", "h"], false),
  PReLU: {
    torchTypeName: "PReLU",
    typeBases: ["PReLU", "Module"],
    weights: [{ tfjsName: "alpha", property: "weight", kind: "parameter", layout: preluLayout }],
  },
};

/** tfjs layer classes with weights that initlib presents; every other class must have no weights. */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = [...Object.keys(KINDS), "BatchNormalization"].sort();

/** BatchNorm1d/2d/3d by the rank of the input, as torch names them. */
function batchNormKind(layer: LayerLike): LayerKind {
  const rank = layer.inputSpec?.[0]?.ndim;
  const torchTypeName = rank === 5 ? "BatchNorm3d" : rank === 4 ? "BatchNorm2d" : "BatchNorm1d";
  return normalization(torchTypeName, "_BatchNorm", true);
}

/**
 * The presentation of `layer`: `undefined` for a layer without weights; an error for a layer class
 * with weights that initlib does not know (its layouts would be guesses).
 */
export function layerKindOf(layer: LayerLike, path: string): LayerKind | undefined {
  const className = layer.getClassName();
  if (className === "BatchNormalization") return batchNormKind(layer);
  const kind = KINDS[className];
  if (kind !== undefined) return kind;
  if (layer.weights.length === 0) return undefined;
  throw new InitlibError("INITLIB_BAD_CONFIG", `tfjs layer class ${className} has weights whose layouts initlib does not know`, {
    path,
    received: { className, weights: layer.weights.map((variable) => variable.originalName) },
    expected: `layers of these classes (or any layer without weights): ${SUPPORTED_LAYER_CLASSES.join(", ")}`,
    hint: "initialize that layer with its own tfjs initializers, or build the model from supported layers (wrappers such as Bidirectional and TimeDistributed are not supported yet)",
  });
}
