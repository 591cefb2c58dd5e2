import { CheckpointError } from "./checkpoint-error";

/** Element types a checkpoint may store; every one is converted to float32 when read. */
export type CheckpointDtype =
  | "float64"
  | "float32"
  | "float16"
  | "bfloat16"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint16"
  | "uint8"
  | "bool";

/** Bytes per element of each {@link CheckpointDtype}. */
export const DTYPE_BYTES: Readonly<Record<CheckpointDtype, number>> = {
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint16: 2,
  uint8: 1,
  bool: 1,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Element count of `shape`, checked: every dimension a non-negative safe integer and the product
 * no larger than `limit` (the elements the file can hold), so a hostile shape never drives an
 * allocation.
 */
export function elementCount(shape: readonly unknown[], file: string, key: string, limit = Number.MAX_SAFE_INTEGER): number {
  let count = 1;
  for (const dimension of shape) {
    if (typeof dimension !== "number" || !Number.isSafeInteger(dimension) || dimension < 0) {
      throw new CheckpointError("CHECKPOINT_BAD_SHAPE", `tensor "${key}" has an invalid dimension`, {
        file,
        received: shape,
        expected: "non-negative integers",
      });
    }
    count *= dimension;
    if (count > limit) {
      throw new CheckpointError("CHECKPOINT_BAD_SHAPE", `tensor "${key}" declares more elements than the file can hold`, {
        file,
        received: shape,
        expected: `at most ${limit} elements`,
        hint: "the file is corrupt or hostile",
      });
    }
  }
  return count;
}

/** Allocates a Float32Array, turning an allocation failure into a `CHECKPOINT_TOO_LARGE` error. */
export function allocateFloat32(count: number, file: string, key: string): Float32Array {
  try {
    return new Float32Array(count);
  } catch (cause) {
    throw new CheckpointError("CHECKPOINT_TOO_LARGE", `tensor "${key}" (${count} elements) does not fit in memory`, { file, cause });
  }
}

let halfTable: Float32Array | undefined;

/** IEEE 754 binary16 → float32 for all 65536 bit patterns (256 KiB, built on first use). */
function float16Table(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits += 1) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) table[bits] = sign * fraction * 2 ** -24;
    else if (exponent === 31) table[bits] = fraction === 0 ? sign * Infinity : NaN;
    else table[bits] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  halfTable = table;
  return table;
}

/** Decodes one IEEE 754 binary16 value. */
export function float16ToNumber(bits: number): number {
  return float16Table()[bits & 0xffff]!;
}

// Dtypes whose little-endian bytes a typed array reads as they are; `set` converts to float32.
const DIRECT_VIEWS: Partial<Record<CheckpointDtype, new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayLike<number>>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/**
 * Converts `count` little-endian elements of `dtype` in `bytes` to float32 into `out` at
 * `outOffset`. `bytes` may have any alignment (a misaligned view is copied first).
 */
export function convertToFloat32(bytes: Uint8Array, dtype: CheckpointDtype, count: number, out: Float32Array, outOffset = 0): void {
  if (!LITTLE_ENDIAN) {
    throw new CheckpointError("CHECKPOINT_UNSUPPORTED_DTYPE", "big-endian hosts are not supported by the checkpoint readers");
  }
  const width = DTYPE_BYTES[dtype];
  let data = bytes.subarray(0, count * width);
  if (data.byteOffset % width !== 0) data = data.slice();
  const { buffer, byteOffset } = data;
  const target = out.subarray(outOffset, outOffset + count);
  const View = DIRECT_VIEWS[dtype];
  if (View) {
    target.set(new View(buffer, byteOffset, count));
    return;
  }
  switch (dtype) {
    case "bool":
      for (let index = 0; index < count; index += 1) target[index] = data[index] === 0 ? 0 : 1;
      return;
    case "int64": {
      const words = new Int32Array(buffer, byteOffset, count * 2);
      for (let index = 0; index < count; index += 1) {
        target[index] = words[2 * index + 1]! * 4294967296 + (words[2 * index]! >>> 0);
      }
      return;
    }
    case "float16": {
      const table = float16Table();
      const halves = new Uint16Array(buffer, byteOffset, count);
      for (let index = 0; index < count; index += 1) target[index] = table[halves[index]!]!;
      return;
    }
    case "bfloat16": {
      const halves = new Uint16Array(buffer, byteOffset, count);
      const words = new Uint32Array(target.buffer, target.byteOffset, count);
      for (let index = 0; index < count; index += 1) words[index] = halves[index]! << 16;
      return;
    }
  }
}

/** Elements converted per chunk when streaming a tensor from a source (bounds temporary memory). */
export const CONVERSION_CHUNK_ELEMENTS = 1 << 20;
