import { elementCount } from "../host-values";

// ZerO's values, loaded with import() when a ZerO rule is executed: the eager zero-hadamard.ts
// holds the initializer and its shape checks.

/** Number of set bits of a non-negative integer below 2^31. */
function bitCount(value: number): number {
  let count = 0;
  for (let rest = value; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

/**
 * ZerO's matrix for a layer of `outputs × inputs` (Zhao, Schäfer & Anandkumar, 2022, "ZerO
 * Initialization: Initializing Neural Networks with only Zeros and Ones", TMLR, Algorithm 1),
 * row-major `(out, in)`: the identity when out = in; the partial identity I* (ones on the leading
 * diagonal) when out < in; when out > in, c·I*·H_m·I* with m = ⌈log₂ out⌉, H_m the 2^m × 2^m
 * Sylvester–Hadamard matrix (H[i][j] = (−1)^popcount(i & j)) cut to the first `out` rows and `in`
 * columns, and c = 2^(−(m−1)/2).
 * @example
 * zerOMatrix(4, 2); // c = 2^(-1/2): [[c, c], [c, -c], [c, c], [c, -c]]
 */
export function zerOMatrix(outputs: number, inputs: number): Float32Array {
  const values = new Float32Array(outputs * inputs);
  if (outputs <= inputs) {
    for (let index = 0; index < outputs; index += 1) values[index * inputs + index] = 1;
    return values;
  }
  const m = Math.ceil(Math.log2(outputs));
  const c = 2 ** (-(m - 1) / 2);
  for (let row = 0; row < outputs; row += 1) {
    for (let column = 0; column < inputs; column += 1) values[row * inputs + column] = bitCount(row & column) % 2 === 0 ? c : -c;
  }
  return values;
}

/**
 * ZerO's values for a weight of torch-layout `shape` `(out, in, k…)`: {@link zerOMatrix} at the
 * centre tap (index ⌊k/2⌋ on every spatial axis), zeros elsewhere.
 * @example
 * zerOValues([2, 2, 3]); // [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
 */
export function zerOValues(shape: readonly number[]): Float32Array {
  const [outputs, inputs] = shape as [number, number];
  const spatial = shape.slice(2);
  const taps = elementCount(spatial);
  let centre = 0;
  for (const size of spatial) centre = centre * size + Math.floor(size / 2);
  const matrix = zerOMatrix(outputs, inputs);
  const values = new Float32Array(outputs * inputs * taps);
  for (let index = 0; index < matrix.length; index += 1) values[index * taps + centre] = matrix[index]!;
  return values;
}
