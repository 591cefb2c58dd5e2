import type { FillRule } from "@initlib/initializers";

/**
 * torch's `_calculate_fan_in_and_fan_out(weight)[0]` for a torch-shaped weight: dim 1 times the
 * receptive field. `reset_parameters` of Linear/Conv/ConvTranspose uses exactly this, on torch's
 * own shapes, so it is stated here rather than through declared layouts.
 */
export function torchFanIn(shape: readonly number[]): number {
  let receptive = 1;
  for (let axis = 2; axis < shape.length; axis++) receptive *= shape[axis]!;
  return (shape[1] ?? 0) * receptive;
}

/**
 * Linear/Conv `reset_parameters`: `kaiming_uniform_(weight, a=√5)` gives the bound
 * gain·√(3/fan_in) with gain = √(2/(1+5)), i.e. 1/√fan_in; the bias uses the same bound
 * (0 when fan_in is 0).
 */
export function torchDefaultUniform(fanIn: number): FillRule {
  if (fanIn <= 0) return { kind: "constant", value: 0 };
  const bound = 1 / Math.sqrt(fanIn);
  return { kind: "uniform", low: -bound, high: bound };
}

export const ZERO: FillRule = Object.freeze({ kind: "constant", value: 0 });
export const ONE: FillRule = Object.freeze({ kind: "constant", value: 1 });
