import { ensure, type ConformanceCheck } from "../conformance-check";
import { ensureBitIdentical, patternValues, readChecked, withStorage } from "../storage-helpers";

/** `fill` sets every element, rounded to float32, on any shape. */
export const fillCheck: ConformanceCheck = {
  id: "fill",
  title: "fills every element with the constant rounded to float32, 0-d and zero-size included",
  async run({ backend }) {
    for (const value of [0.1, -3, 0, -0, 1e-7, 12345.678, Infinity]) {
      await withStorage(backend, [5, 9], async (storage) => {
        await backend.write(storage, patternValues(45, 9), 0);
        await backend.fill(storage, value);
        ensureBitIdentical(await readChecked(backend, storage, 45), new Float32Array(45).fill(value), `fill(${Object.is(value, -0) ? "-0" : value})`);
      });
    }
    await withStorage(backend, [], async (storage) => {
      await backend.fill(storage, 2.5);
      const values = await readChecked(backend, storage, 1);
      ensure(values[0] === 2.5, () => `fill of a 0-d storage read back ${values[0]}, expected 2.5`);
    });
    await withStorage(backend, [4, 0], async (storage) => {
      await backend.fill(storage, 1);
      await readChecked(backend, storage, 0);
    });
  },
};
