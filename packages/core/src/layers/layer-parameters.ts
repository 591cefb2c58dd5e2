import type { Layout } from "@initlib/initializers";
import { Parameter } from "../parameter";
import { ONE, torchDefaultUniform, ZERO } from "./default-rules";

/** `weight` and `bias` of a layer; either is `null` when the layer is built without it. */
export interface WeightAndBiasParameters<Weight extends Parameter | null = Parameter> {
  readonly weight: Weight;
  readonly bias: Parameter | null;
}

/**
 * Linear/Conv/ConvTranspose `reset_parameters`: `weight` of `shape` and a bias of `biasLength`
 * (`null`: none), both U(±1/√fanIn) as {@link torchDefaultUniform}.
 * @example
 * torchDefaultWeightAndBias("Linear", [10, 4], { layout: "OI" }, 4, 10);
 */
export function torchDefaultWeightAndBias(
  layer: string,
  shape: readonly number[],
  weightOptions: { readonly layout: Layout; readonly groups?: number },
  fanIn: number,
  biasLength: number | null,
): WeightAndBiasParameters {
  const rule = torchDefaultUniform(fanIn);
  const source = `${layer}.reset_parameters (kaiming_uniform a=√5)`;
  return {
    weight: new Parameter(shape, { ...weightOptions, init: rule, initSource: source }),
    bias: biasLength === null ? null : new Parameter([biasLength], { init: rule, initSource: source }),
  };
}

/**
 * The affine parameters of a normalization layer (`reset_parameters`): `weight` ones and `bias`
 * zeros of `shape`, both `null` when not `affine`, the bias also when not `bias`.
 * @example
 * normalizationAffine("LayerNorm", [768], true, true);
 */
export function normalizationAffine(layer: string, shape: readonly number[], affine: boolean, bias: boolean): WeightAndBiasParameters<Parameter | null> {
  const source = `${layer}.reset_parameters`;
  return {
    weight: affine ? new Parameter(shape, { init: ONE, initSource: source }) : null,
    bias: affine && bias ? new Parameter(shape, { init: ZERO, initSource: source }) : null,
  };
}
