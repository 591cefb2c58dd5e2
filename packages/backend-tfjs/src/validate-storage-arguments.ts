import { InitlibError } from "@initlib/registry";

/** Checks an allocation shape: an array of non-negative integer sizes (0-d and zero-size allowed). */
export function validateShape(shape: unknown, backendName: string): number[] {
  if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `backend "${backendName}" cannot allocate this shape`, {
      path: "shape",
      received: shape,
      expected: "an array of non-negative integers, e.g. [64, 3, 3, 3] or [] for a scalar",
      hint: "compute the shape from integer layer sizes",
    });
  }
  return [...shape] as number[];
}

/** Checks a write: a Float32Array that fits at an integer offset inside `size` elements. */
export function validateWrite(values: unknown, offset: unknown, size: number, backendName: string): void {
  if (!(values instanceof Float32Array)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `backend "${backendName}" writes Float32Array values`, {
      path: "values",
      received: values,
      expected: "a Float32Array",
      hint: "convert with Float32Array.from(values)",
    });
  }
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) {
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
