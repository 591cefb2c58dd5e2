import { elementCount } from "./host-values";

// DiracInit's values, loaded with import() when a Dirac rule is executed: the eager dirac.ts holds
// the initializer and its shape checks.

/**
 * The Dirac delta of PyTorch's `dirac_(tensor, groups)`, in torch's layout `(out, in, k…)`: zeros
 * except `w[g·outPerGroup + d, d, k₁//2, …] = 1` for every group `g` and `d < min(outPerGroup, in)`,
 * so a convolution keeps the identity of as many input channels as possible. `shape` is checked
 * by the caller (3- to 5-D, `shape[0]` divisible by `groups`).
 * @example
 * diracValues([2, 2, 3], 1); // [0,1,0, 0,0,0,  0,0,0, 0,1,0]
 */
export function diracValues(shape: readonly number[], groups: number): Float32Array {
  const values = new Float32Array(elementCount(shape));
  const outPerGroup = shape[0]! / groups;
  const smallest = Math.min(outPerGroup, shape[1]!);
  const spatial = shape.slice(2);
  const strides: number[] = [];
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  let centre = 0;
  spatial.forEach((size, index) => (centre += Math.floor(size / 2) * strides[index + 2]!));
  for (let group = 0; group < groups; group += 1) {
    for (let d = 0; d < smallest; d += 1) values[(group * outPerGroup + d) * strides[0]! + d * strides[1]! + centre] = 1;
  }
  return values;
}
