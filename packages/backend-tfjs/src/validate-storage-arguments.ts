import { describeValue, InitlibError } from "@initlib/registry";

/**
 * Checks an allocation shape, the same way in every tfjs-based adapter: an array of non-negative
 * safe integers (0-d and zero-size allowed) whose product is a safe integer. Returns a copy.
 * @throws InitlibError `INITLIB_BAD_SHAPE`, naming the backend and the shape received.
 * @example
 * const shape = validateShape([64, 3, 3, 3], "webgpu");
 */
export function validateShape(shape: unknown, backendName: string): number[] {
  const valid = Array.isArray(shape) && shape.every((size) => Number.isSafeInteger(size) && size >= 0);
  if (!valid || !Number.isSafeInteger(shape.reduce((product: number, size: number) => product * size, 1))) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `backend "${backendName}" cannot allocate this shape`, {
      path: "shape",
      received: shape,
      expected: valid ? "fewer than 2^53 elements" : "an array of non-negative integers, e.g. [64, 3, 3, 3] or [] for a scalar",
      hint: "compute the shape from integer layer sizes",
    });
  }
  return [...(shape as number[])];
}

/**
 * Checks a write, the same way in every tfjs-based adapter: a Float32Array that fits at a
 * non-negative integer offset inside `size` elements.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for the wrong type or offset, `INITLIB_BAD_SHAPE` when
 * the values run past the end.
 * @example
 * validateWrite(values, offset, storage.size, "webgpu");
 */
export function validateWrite(values: unknown, offset: unknown, size: number, backendName: string): void {
  if (!(values instanceof Float32Array)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `backend "${backendName}" writes Float32Array values`, {
      path: "values",
      received: describeValue(values),
      expected: "a Float32Array",
      hint: "convert with Float32Array.from(values)",
    });
  }
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `backend "${backendName}" needs a non-negative integer offset`, {
      path: "offset",
      received: offset,
      expected: "an integer element index >= 0",
    });
  }
  if (offset + values.length > size) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `write of ${values.length} values at offset ${offset} runs past the end of a ${size}-element parameter`, {
      path: "values",
      received: { offset, length: values.length },
      expected: `offset + length <= ${size}`,
      hint: "check the parameter's shape and the chunk boundaries of the write",
    });
  }
}
