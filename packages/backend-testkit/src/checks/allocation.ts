import { ensure, type ConformanceCheck } from "../conformance-check";
import { elementCount, patternValues, readChecked, withStorage } from "../storage-helpers";

/** Ranks 0 to 6, zero-size shapes in several positions, and a long vector. */
const SHAPES: readonly (readonly number[])[] = [
  [],
  [0],
  [1],
  [5],
  [3, 4],
  [2, 3, 4],
  [2, 1, 3, 2],
  [2, 1, 2, 1, 3],
  [1, 2, 1, 2, 1, 2],
  [0, 3],
  [3, 0],
  [2, 0, 4],
  [4099],
];

/** Every rank allocates a storage of the right size that can be written and read back. */
export const allocationCheck: ConformanceCheck = {
  id: "allocate-every-rank",
  title: "allocates every rank, 0-d and zero-size included, with the right element count",
  async run({ backend }) {
    for (const [index, shape] of SHAPES.entries()) {
      const size = elementCount(shape);
      await withStorage(backend, shape, async (storage) => {
        await readChecked(backend, storage, size);
        const values = patternValues(size, index);
        await backend.write(storage, values, 0);
        const back = await readChecked(backend, storage, size);
        ensure(back.every((value, element) => value === values[element]), `shape [${shape.join(", ")}]: values read back differ from those written`);
      });
    }
  },
};
