import type { Backend } from "@initlib/initializers";
import { ConformanceFailure, ensure } from "./conformance-check";

/** Number of elements of `shape` (1 for a 0-d shape). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Reads `storage` and checks the result is a Float32Array of `length` elements. */
export async function readChecked(backend: Backend<unknown>, storage: unknown, length: number): Promise<Float32Array> {
  const values = await backend.read(storage);
  ensure(values instanceof Float32Array, () => `read() returned ${Object.prototype.toString.call(values)}, expected a Float32Array`);
  ensure(values.length === length, () => `read() returned ${values.length} elements, expected ${length}`);
  return values;
}

/** Runs `action` (sync or async) and returns what it threw, or fails the check if it did not throw. */
export async function captureError(action: () => unknown, what: string): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new ConformanceFailure(`${what} did not throw`);
}

/** Index of the first element whose float32 bits differ, or -1 when `actual` and `expected` are identical. */
export function firstBitDifference(actual: Float32Array, expected: Float32Array): number {
  const actualBits = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const expectedBits = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index += 1) {
    if (actualBits[index] !== expectedBits[index]) return index;
  }
  return actual.length === expected.length ? -1 : length;
}

/** Fails the check unless `actual` and `expected` hold the same float32 bits, naming the first difference. */
export function ensureBitIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  const index = firstBitDifference(actual, expected);
  ensure(index === -1, () =>
    `${what}: element ${index} is ${actual[index]}, expected ${expected[index]} (lengths ${actual.length} and ${expected.length})`,
  );
}

/** A deterministic pattern of distinct float32 values, different for every `salt`. */
export function patternValues(length: number, salt: number): Float32Array {
  const values = new Float32Array(length);
  for (let index = 0; index < length; index += 1) values[index] = (index + 1) * 0.25 + salt * 1000;
  return values;
}

/** Runs `action`, then disposes `storage` whatever happened. */
export async function withStorage<T>(
  backend: Backend<unknown>,
  shape: readonly number[],
  action: (storage: unknown) => Promise<T>,
): Promise<T> {
  const storage = await backend.allocate(shape);
  try {
    return await action(storage);
  } finally {
    await backend.dispose(storage);
  }
}
