import { standardNormalLowerQuantile } from "./standard-normal";

/** Segments of the WebAssembly generator's Φ⁻¹ table: 16 per octave of t from 2^-60 to 0.5. */
export const QUANTILE_SEGMENTS = 945;
/** Float32 bits of t shifted right by this give the segment index (plus {@link QUANTILE_BASE_INDEX}). */
const SEGMENT_SHIFT = 19;
/** `bits(2^-60) >>> 19`: exponent field 67, times 16 segments per octave. */
const QUANTILE_BASE_INDEX = 1072;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

function floatFromBits(bits: number): number {
  scratchBits[0] = bits;
  return scratch[0]!;
}

// Solves the 4x4 system A·c = y by Gaussian elimination with partial pivoting.
function solve4(matrix: number[][], values: number[]): number[] {
  const rows = matrix.map((row, i) => [...row, values[i]!]);
  for (let column = 0; column < 4; column++) {
    let pivot = column;
    for (let row = column + 1; row < 4; row++) if (Math.abs(rows[row]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!];
    for (let row = 0; row < 4; row++) {
      if (row === column) continue;
      const factor = rows[row]![column]! / rows[column]![column]!;
      for (let j = column; j <= 4; j++) rows[row]![j]! -= factor * rows[column]![j]!;
    }
  }
  return rows.map((row, i) => row[4]! / row[i]!);
}

/**
 * Builds the table the WebAssembly generator evaluates Φ⁻¹(t), t ∈ [2^-60, 0.5], from: for each
 * segment (a 1/16 octave of t), the cubic in the position v ∈ [−0.5, 0.5) that interpolates the
 * float64 quantile at the four Chebyshev nodes, as float32 `[c0, c1, c2, c3]` (value
 * `c0 + v·(c1 + v·(c2 + v·c3))`). Worst error over the range: below 1e-6 absolute, about 4 float32
 * ulps relative.
 * @example
 * const table = buildQuantileTable(); // Float32Array(3780)
 */
export function buildQuantileTable(): Float32Array {
  const table = new Float32Array(QUANTILE_SEGMENTS * 4);
  const nodes = [0, 1, 2, 3].map((k) => 0.5 * Math.cos(((2 * k + 1) * Math.PI) / 8));
  const vandermonde = nodes.map((v) => [1, v, v * v, v * v * v]);
  // The last segment holds only t = 0.5 (larger t never reach the table): Φ⁻¹ = 0, all zeros.
  for (let segment = 0; segment < QUANTILE_SEGMENTS - 1; segment++) {
    const first = floatFromBits((QUANTILE_BASE_INDEX + segment) * 2 ** SEGMENT_SHIFT);
    const next = floatFromBits((QUANTILE_BASE_INDEX + segment + 1) * 2 ** SEGMENT_SHIFT);
    const values = nodes.map((v) => standardNormalLowerQuantile(first + (v + 0.5) * (next - first)));
    table.set(solve4(vandermonde, values), segment * 4);
  }
  return table;
}

let sharedTable: Float32Array | undefined;

/**
 * The table of {@link buildQuantileTable}, built once and shared by the WebAssembly module (which
 * copies it into its memory) and the JavaScript generator (which reads it). Callers must not modify it.
 * @example
 * sharedQuantileTable().length; // 3780
 */
export function sharedQuantileTable(): Float32Array {
  sharedTable ??= buildQuantileTable();
  return sharedTable;
}
