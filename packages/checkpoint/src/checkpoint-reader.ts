import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { errorForKey } from "./keyed-error";
import { gatherStridedWindow, type RunReader, type StridedView } from "./strided-window";
import { allocateFloat32, CONVERSION_CHUNK_ELEMENTS, convertToFloat32, DTYPE_BYTES, type CheckpointDtype } from "./dtype";

/** The file formats `openCheckpoint` understands. */
export type CheckpointFormat = "safetensors" | "torch" | "tfjs";

/** What a checkpoint says about one tensor, known before its data is read. */
export interface TensorEntry {
  readonly key: string;
  /** Stored element type (quantized tfjs weights report their quantized type). */
  readonly dtype: CheckpointDtype;
  readonly shape: readonly number[];
  readonly elementCount: number;
  /** Bytes the tensor's data occupies in the file. */
  readonly byteLength: number;
  /**
   * Axis layout the checkpoint declares for the tensor (e.g. `HWIO`), when it declares one:
   * safetensors `__metadata__` entries `initlib.layout.<key>`; absent otherwise.
   */
  readonly layout?: string;
}

/** Options of {@link CheckpointReader.read}. */
export interface ReadOptions {
  /** Preallocated destination of exactly `elementCount` floats; a new array is allocated when absent. */
  readonly into?: Float32Array;
}

/** Options of {@link CheckpointReader.readRange}. */
export interface RangeReadOptions extends ReadOptions {
  /**
   * Reads the tensor as if transposed: `permutation[d]` is the stored axis that becomes axis `d`,
   * so the tensor read has shape `permutation.map((axis) => shape[axis])` (a tfjs `[in, out]` kernel
   * read as torch's `[out, in]`: `[1, 0]`). Every axis appears once. The window's values equal the
   * same window of the whole tensor transposed; memory stays bounded by the window and one scratch
   * buffer of the same size (at least 256 KiB).
   */
  readonly permutation?: readonly number[];
}

/**
 * One opened checkpoint: its tensor index is parsed and validated, tensor data is read lazily, one
 * tensor at a time, converted to float32.
 */
export interface CheckpointReader {
  readonly format: CheckpointFormat;
  /** The file or URL it was opened from. */
  readonly source: string;
  /**
   * Non-tensor content: safetensors `__metadata__`; for torch files the top-level entries that hold
   * no tensors (e.g. `meta`), as plain values; tfjs `format`, `generatedBy`, `convertedBy`.
   */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Tensor keys in file order. Nested torch dicts are flattened with `.` (`state_dict.conv.weight`). */
  keys(): string[];
  has(key: string): boolean;
  /** The entry of `key`; an unknown key is a `CHECKPOINT_UNKNOWN_KEY` error. */
  entry(key: string): TensorEntry;
  /** Reads the data of `key` only, converted to float32 in row-major order. */
  read(key: string, options?: ReadOptions): Promise<Float32Array>;
  /**
   * Whether {@link CheckpointReader.readRange} can read `key` part by part: true for every tensor of
   * the built-in readers (safetensors; torch tensors, strided views and deflated members included;
   * tfjs weights, quantized ones included). Absent on readers that never can.
   */
  canReadRange?(key: string): boolean;
  /**
   * Reads elements `start` to `start + count` (row-major) of `key`, converted to float32 in
   * bounded steps, so a tensor larger than memory can be read one window at a time. With
   * `permutation`, the window is one of the tensor with its axes permuted (see
   * {@link RangeReadOptions.permutation}), gathered from ranged reads of the stored layout. Only for
   * keys where {@link CheckpointReader.canReadRange} is true (else `CHECKPOINT_BAD_ARGUMENT`); a
   * range outside the tensor or a permutation that does not fit its rank is `CHECKPOINT_BAD_ARGUMENT`.
   */
  readRange?(key: string, start: number, count: number, options?: RangeReadOptions): Promise<Float32Array>;
  /** Releases the file handles; later reads fail with `CHECKPOINT_CLOSED`. */
  close(): Promise<void>;
  /**
   * Makes `entry` available for `keys` (a sharded checkpoint opens only the shards that hold
   * them); absent on readers whose entries are always available.
   */
  prepare?(keys: readonly string[]): Promise<void>;
  /**
   * For a key flattened out of a nested container (a torch file's `{'state_dict': {...}}` or
   * `{'model': {...}}`), the container's top-level key; `undefined` for a top-level tensor. Only
   * readers of nested formats have it.
   */
  containerOf?(key: string): string | undefined;
}

/** A tensor of a parsed checkpoint: its entry and how to produce its float32 values. */
export interface StoredTensor {
  readonly entry: TensorEntry;
  load(out: Float32Array): Promise<void>;
  /** Reads elements `start` to `start + out.length` into `out`; absent when the layout forbids it. */
  loadRange?(start: number, out: Float32Array): Promise<void>;
  /**
   * The tensor as a strided view of a linear storage, when it is one (torch): a permuted read
   * gathers straight from the storage with the permuted strides, rather than through `loadRange`.
   */
  readonly storage?: { readonly offset: number; readonly strides: readonly number[]; readonly readRun: RunReader };
}

/** Builds the reader every format returns from its parsed tensor table. */
export function createCheckpointReader(
  format: CheckpointFormat,
  source: string,
  tensors: ReadonlyMap<string, StoredTensor>,
  metadata: Readonly<Record<string, unknown>>,
  sources: readonly ByteSource[],
  containers?: ReadonlyMap<string, string>,
): CheckpointReader {
  let closed = false;
  const lookup = (key: string): StoredTensor => {
    const tensor = tensors.get(key);
    if (!tensor) {
      throw new CheckpointError("CHECKPOINT_UNKNOWN_KEY", `no tensor "${key}" in the checkpoint`, {
        file: source,
        received: key,
        expected: `one of ${tensors.size} keys, e.g. ${[...tensors.keys()].slice(0, 3).map((name) => JSON.stringify(name)).join(", ")}`,
      });
    }
    return tensor;
  };
  return {
    format,
    source,
    metadata,
    keys: () => [...tensors.keys()],
    ...(containers ? { containerOf: (key: string) => containers.get(key) } : {}),
    has: (key) => tensors.has(key),
    entry: (key) => lookup(key).entry,
    async read(key, options = {}) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: source });
      const tensor = lookup(key);
      const count = tensor.entry.elementCount;
      const { into } = options;
      if (into && into.length !== count) {
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `read("${key}") got a destination of the wrong length`, {
          file: source,
          received: into.length,
          expected: `${count} elements (shape [${tensor.entry.shape.join(", ")}])`,
        });
      }
      const out = into ?? allocateFloat32(count, source, key);
      try {
        await tensor.load(out);
      } catch (error) {
        throw errorForKey(error, key);
      }
      return out;
    },
    canReadRange: (key) => lookup(key).loadRange !== undefined,
    async readRange(key, start, count, options = {}) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: source });
      const tensor = lookup(key);
      const total = tensor.entry.elementCount;
      if (!tensor.loadRange) {
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${key}" cannot be read by range`, {
          file: source,
          received: key,
          expected: "a tensor whose reader supports ranged reads",
          hint: "check canReadRange(key) first and read the tensor whole with read(key) when it is false",
        });
      }
      const { into, permutation } = options;
      checkRange(source, key, start, count, total, into);
      checkPermutation(source, key, tensor.entry.shape, permutation);
      const out = into ?? allocateFloat32(count, source, key);
      if (count === 0) return out;
      const loadRange = tensor.loadRange;
      try {
        if (permutation && permutation.some((axis, target) => axis !== target)) {
          const { storage } = tensor;
          if (storage) {
            const view = { offset: storage.offset, shape: permutation.map((axis) => tensor.entry.shape[axis]!), strides: permutation.map((axis) => storage.strides[axis]!) };
            await gatherStridedWindow(storage.readRun, view, start, out);
          } else {
            await gatherStridedWindow(loadRange, permutedView(tensor.entry.shape, permutation), start, out);
          }
        } else {
          await loadRange(start, out);
        }
      } catch (error) {
        throw errorForKey(error, key);
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(sources.map((item) => item.close()));
    },
  };
}

/** Refuses a range that is not a window of whole elements inside the tensor, or a mismatched destination. */
function checkRange(source: string, key: string, start: number, count: number, total: number, into: Float32Array | undefined): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || start < 0 || count < 0 || start + count > total) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `readRange("${key}") asked for elements outside the tensor`, {
      file: source,
      received: { start, count },
      expected: `integers with 0 <= start and start + count <= ${total} (the tensor's element count)`,
      hint: "read the tensor in windows that end at or before its element count",
    });
  }
  if (into && into.length !== count) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `readRange("${key}") got a destination of the wrong length`, {
      file: source,
      received: into.length,
      expected: `${count} elements (the range's count)`,
    });
  }
}

/** Refuses a permutation that is not each axis of `shape` once. */
function checkPermutation(source: string, key: string, shape: readonly number[], permutation: readonly number[] | undefined): void {
  if (permutation === undefined) return;
  const valid = Array.isArray(permutation) && permutation.length === shape.length && new Set(permutation).size === shape.length && permutation.every((axis) => Number.isInteger(axis) && axis >= 0 && axis < shape.length);
  if (!valid) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `readRange("${key}") got a permutation that does not fit the tensor`, {
      file: source,
      received: permutation,
      expected: `each axis 0..${shape.length - 1} once (the tensor has shape [${shape.join(", ")}])`,
    });
  }
}

/** The row-major tensor of `shape`, read with its axes permuted, as a strided view. */
function permutedView(shape: readonly number[], permutation: readonly number[]): StridedView {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return { offset: 0, shape: permutation.map((axis) => shape[axis]!), strides: permutation.map((axis) => strides[axis]!) };
}

/**
 * Reads `count` contiguous elements of `dtype` at byte `offset` of `source` into `out` at
 * `outOffset`: float32 straight into the destination's memory, other types through a bounded
 * conversion buffer.
 */
export async function readContiguous(
  source: ByteSource,
  offset: number,
  dtype: CheckpointDtype,
  count: number,
  out: Float32Array,
  outOffset = 0,
): Promise<void> {
  const width = DTYPE_BYTES[dtype];
  if (dtype === "float32") {
    await source.read(offset, count * 4, new Uint8Array(out.buffer, out.byteOffset + outOffset * 4, count * 4));
    return;
  }
  const chunk = Math.min(count, CONVERSION_CHUNK_ELEMENTS);
  const scratch = new Uint8Array(chunk * width);
  for (let done = 0; done < count; done += chunk) {
    const step = Math.min(chunk, count - done);
    const bytes = await source.read(offset + done * width, step * width, scratch);
    convertToFloat32(bytes, dtype, step, out, outOffset + done);
  }
}
