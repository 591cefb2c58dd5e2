/**
 * Copies the strided view of `source` with `shape` and per-axis `strides` (in elements, the first
 * element at index 0) into `out` in row-major order, `out.length` elements. Reads a torch storage
 * through a tensor's strides, and transposes: the strides of a permuted view make a permutation.
 * @example
 * const out = new Float32Array(6);
 * copyStrided(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2], [1, 3], out); // out: [1, 4, 2, 5, 3, 6]
 */
export function copyStrided(source: Float32Array, shape: readonly number[], strides: readonly number[], out: Float32Array): void {
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let position = 0;
  for (let target = 0; target < out.length; target += 1) {
    out[target] = source[position]!;
    for (let axis = rank - 1; axis >= 0; axis -= 1) {
      index[axis]! += 1;
      position += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      position -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
