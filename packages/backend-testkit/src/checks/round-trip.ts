import { ensure, type ConformanceCheck } from "../conformance-check";
import { ensureBitIdentical, patternValues, readChecked, withStorage } from "../storage-helpers";

/** Values that a careless conversion changes: -0, infinities, extremes of float32's normal range. */
const SPECIAL_VALUES = [-0, 0, 1, -1, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38, 0.1, -1e-30];

/** Whole writes round-trip bit for bit, including special values. */
export const roundTripCheck: ConformanceCheck = {
  id: "round-trip",
  title: "reads back exactly what a whole write stored, bit for bit",
  async run({ backend }) {
    const shape = [SPECIAL_VALUES.length, 3];
    const values = new Float32Array(shape[0]! * shape[1]!);
    values.set(SPECIAL_VALUES, 0);
    values.set(patternValues(values.length - SPECIAL_VALUES.length, 1), SPECIAL_VALUES.length);
    await withStorage(backend, shape, async (storage) => {
      await backend.write(storage, values, 0);
      ensureBitIdentical(await readChecked(backend, storage, values.length), values, "whole write");
      const second = patternValues(values.length, 2);
      await backend.write(storage, second, 0);
      ensureBitIdentical(await readChecked(backend, storage, values.length), second, "second whole write");
    });
  },
};

/** Writes at offsets, in any order and of any length, land where they were aimed and nowhere else. */
export const offsetWriteCheck: ConformanceCheck = {
  id: "write-at-offsets",
  title: "writes at offsets, in chunks of uneven size and in any order, touching nothing else",
  async run({ backend }) {
    const shape = [7, 11, 13];
    const size = 7 * 11 * 13;
    await withStorage(backend, shape, async (storage) => {
      await backend.fill(storage, 7);
      const expected = new Float32Array(size).fill(7);
      // A partial write in the middle leaves both sides as they were.
      const middle = patternValues(100, 3);
      await backend.write(storage, middle, 400);
      expected.set(middle, 400);
      ensureBitIdentical(await readChecked(backend, storage, size), expected, "write of 100 elements at offset 400");
      // Chunks of uneven sizes covering everything, written last chunk first.
      const chunks: [number, number][] = [];
      for (let offset = 0, step = 1; offset < size; step = (step * 7 + 3) % 257 + 1) {
        const length = Math.min(step, size - offset);
        chunks.push([offset, length]);
        offset += length;
      }
      const whole = patternValues(size, 4);
      for (const [offset, length] of chunks.reverse()) await backend.write(storage, whole.slice(offset, offset + length), offset);
      ensureBitIdentical(await readChecked(backend, storage, size), whole, `${chunks.length} chunked writes in reverse order`);
      // Single elements at both ends, and an empty write at the very end.
      await backend.write(storage, new Float32Array([-5]), 0);
      await backend.write(storage, new Float32Array([-6]), size - 1);
      await backend.write(storage, new Float32Array(0), size);
      whole[0] = -5;
      whole[size - 1] = -6;
      ensureBitIdentical(await readChecked(backend, storage, size), whole, "single-element writes at both ends");
      // A subarray view (non-zero byteOffset) is read from its own offset.
      const backing = patternValues(64, 5);
      const view = backing.subarray(10, 30);
      await backend.write(storage, view, 50);
      whole.set(view, 50);
      ensureBitIdentical(await readChecked(backend, storage, size), whole, "write of a subarray view");
    });
  },
};

/** Writes copy the caller's array, and reads hand out a copy: later mutations never reach the storage. */
export const copySemanticsCheck: ConformanceCheck = {
  id: "copy-semantics",
  title: "copies written values and returns a copy on read (callers reuse their buffers)",
  async run({ backend }) {
    await withStorage(backend, [64], async (storage) => {
      const buffer = patternValues(64, 6);
      const expected = buffer.slice();
      await backend.write(storage, buffer, 0);
      buffer.fill(-1);
      ensureBitIdentical(await readChecked(backend, storage, 64), expected, "after the written array was reused");
      const half = patternValues(32, 7);
      const halfExpected = half.slice();
      await backend.write(storage, half, 32);
      half.fill(-2);
      expected.set(halfExpected, 32);
      ensureBitIdentical(await readChecked(backend, storage, 64), expected, "after a partially written array was reused");
      const read = await readChecked(backend, storage, 64);
      read.fill(-3);
      ensureBitIdentical(await readChecked(backend, storage, 64), expected, "after the array returned by read() was changed");
    });
  },
};

/** Two storages never share memory. */
export const independenceCheck: ConformanceCheck = {
  id: "independent-storages",
  title: "keeps storages independent of each other",
  async run({ backend }) {
    const first = await backend.allocate([16]);
    const second = await backend.allocate([16]);
    let firstDisposed = false;
    try {
      await backend.fill(first, 1);
      await backend.fill(second, 2);
      await backend.write(first, patternValues(8, 8), 4);
      const secondValues = await readChecked(backend, second, 16);
      ensure(secondValues.every((value) => value === 2), "writing one storage changed another");
      await backend.dispose(first);
      firstDisposed = true;
      const afterDispose = await readChecked(backend, second, 16);
      ensure(afterDispose.every((value) => value === 2), "disposing one storage changed another");
    } finally {
      if (!firstDisposed) await backend.dispose(first);
      await backend.dispose(second);
    }
  },
};
