import { InitlibError, describeValue } from "@initlib/registry";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { captureError, ensureBitIdentical, patternValues, readChecked, withStorage } from "../storage-helpers";

const REJECTION_CODES = new Set(["INITLIB_BAD_ARGUMENT", "INITLIB_BAD_SHAPE"]);

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
}

function ensureRejection(error: unknown, what: string): void {
  ensure(InitlibError.isInstance(error) && REJECTION_CODES.has(error.code), () =>
    `${what} threw ${describeError(error)}, expected an InitlibError of code INITLIB_BAD_ARGUMENT or INITLIB_BAD_SHAPE`,
  );
}

/** Writes past the end, at negative or fractional offsets, are rejected and change nothing. */
export const badWriteCheck: ConformanceCheck = {
  id: "reject-bad-writes",
  title: "rejects writes of the wrong length or at a wrong offset with a clear error, changing nothing",
  async run({ backend }) {
    await withStorage(backend, [3, 4], async (storage) => {
      const before = patternValues(12, 1);
      await backend.write(storage, before, 0);
      const cases: [string, Float32Array, number][] = [
        ["13 values into 12 elements", patternValues(13, 2), 0],
        ["5 values at offset 8 of 12", patternValues(5, 2), 8],
        ["an empty write at offset 13 of 12", new Float32Array(0), 13],
        ["a write at offset -1", patternValues(2, 2), -1],
        ["a write at offset 1.5", patternValues(2, 2), 1.5],
        ["a write at offset NaN", patternValues(2, 2), Number.NaN],
      ];
      for (const [what, values, offset] of cases) {
        const error = await captureError(() => backend.write(storage, values, offset), what);
        ensureRejection(error, what);
        ensureBitIdentical(await readChecked(backend, storage, 12), before, `after the rejected ${what}`);
      }
    });
  },
};

/** Shapes with negative, fractional or non-finite sizes are rejected. */
export const badShapeCheck: ConformanceCheck = {
  id: "reject-bad-shapes",
  title: "rejects shapes with negative, fractional or non-finite sizes",
  async run({ backend }) {
    for (const shape of [[-1], [2, 1.5], [Number.NaN], [3, Infinity]]) {
      const error = await captureError(() => backend.allocate(shape), `allocate([${shape.join(", ")}])`);
      ensureRejection(error, `allocate([${shape.join(", ")}])`);
    }
  },
};
