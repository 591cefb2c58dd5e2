/** The kinds of value a torch layer's constructor argument takes, as a model file writes them. */
export type LayerArgumentKind =
  | "positive-integer"
  | "non-negative-integer"
  | "integer-or-null"
  | "number"
  | "number-or-null"
  | "boolean"
  | "size"
  | "size-or-padding"
  | "string";

/** One constructor argument of a built-in layer, in torch's snake_case spelling. */
export interface LayerArgument {
  readonly kind: LayerArgumentKind;
  readonly required?: boolean;
}

type LayerArguments = Readonly<Record<string, LayerArgument>>;

const required = (kind: LayerArgumentKind): LayerArgument => ({ kind, required: true });
const optional = (kind: LayerArgumentKind): LayerArgument => ({ kind });

const convolution: LayerArguments = {
  in_channels: required("non-negative-integer"),
  out_channels: required("non-negative-integer"),
  kernel_size: required("size"),
  stride: optional("size"),
  padding: optional("size-or-padding"),
  dilation: optional("size"),
  groups: optional("positive-integer"),
  bias: optional("boolean"),
  padding_mode: optional("string"),
};
const transposedConvolution: LayerArguments = { ...convolution, output_padding: optional("size") };
const normalization: LayerArguments = {
  num_features: required("non-negative-integer"),
  eps: optional("number"),
  momentum: optional("number-or-null"),
  affine: optional("boolean"),
  track_running_stats: optional("boolean"),
};

/**
 * The constructor arguments every built-in layer accepts in a model file (torch's names), the one
 * declaration the model-file checks read: unknown names get a did-you-mean, required ones must be
 * present, and each value must be of its kind, all before any layer is built.
 */
export const LAYER_ARGUMENTS: Readonly<Record<string, LayerArguments>> = Object.freeze({
  Linear: { in_features: required("non-negative-integer"), out_features: required("non-negative-integer"), bias: optional("boolean") },
  Conv1d: convolution,
  Conv2d: convolution,
  Conv3d: convolution,
  ConvTranspose1d: transposedConvolution,
  ConvTranspose2d: transposedConvolution,
  ConvTranspose3d: transposedConvolution,
  BatchNorm1d: normalization,
  BatchNorm2d: normalization,
  BatchNorm3d: normalization,
  InstanceNorm2d: normalization,
  LayerNorm: { normalized_shape: required("size"), eps: optional("number"), elementwise_affine: optional("boolean"), bias: optional("boolean") },
  GroupNorm: { num_groups: required("positive-integer"), num_channels: required("non-negative-integer"), eps: optional("number"), affine: optional("boolean") },
  Embedding: { num_embeddings: required("non-negative-integer"), embedding_dim: required("non-negative-integer"), padding_idx: optional("integer-or-null") },
  MultiheadAttention: {
    embed_dim: required("non-negative-integer"),
    num_heads: required("positive-integer"),
    bias: optional("boolean"),
    dropout: optional("number"),
    batch_first: optional("boolean"),
  },
  PReLU: { num_parameters: optional("positive-integer"), init: optional("number") },
  ReLU: { inplace: optional("boolean") },
  Identity: {},
  MaxPool2d: { kernel_size: required("size"), stride: optional("size"), padding: optional("non-negative-integer") },
});
