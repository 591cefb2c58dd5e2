// Helpers of the ranged-read tests: whole-tensor references and windowed reads compared bit for bit.
import { expect } from "vitest";
import type { CheckpointReader } from "../src/index";
import { copyStrided } from "../src/internal";

/** The tensor of `shape` (row-major `values`) with its axes permuted, as a whole copy. */
export function permuteWhole(values: Float32Array, shape: readonly number[], permutation: readonly number[]): Float32Array {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((total, size) => total * size, 1));
  const out = new Float32Array(values.length);
  copyStrided(values, permutation.map((axis) => shape[axis]!), permutation.map((axis) => strides[axis]!), out);
  return out;
}

/**
 * Reads `key` window after window of `chunk` elements, the first window `first` elements long (so
 * windows start mid-row), and checks the windows put together against `whole`, bit for bit.
 */
export async function expectTiledWindows(reader: CheckpointReader, key: string, whole: Float32Array, chunk: number, first: number, permutation?: number[]): Promise<void> {
  const gathered = new Float32Array(whole.length).fill(Number.NaN);
  for (let start = 0; start < whole.length; ) {
    const count = Math.min(start === 0 ? first : chunk, whole.length - start);
    await reader.readRange!(key, start, count, { into: gathered.subarray(start, start + count), ...(permutation ? { permutation } : {}) });
    start += count;
  }
  const same = gathered.every((value, index) => Object.is(value, whole[index]));
  expect(same, `${key} in windows of ${chunk} after ${first}${permutation ? ` permuted [${permutation}]` : ""}`).toBe(true);
}

