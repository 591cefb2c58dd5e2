import { writeChunksToFile } from "#local-files";
import { CheckpointError } from "./checkpoint-error";
import { LAYOUT_METADATA_PREFIX } from "./safetensors-reader";

/** Typed arrays the writer stores, with the safetensors dtype each becomes. */
export type SafetensorsData = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | BigInt64Array;

/** One tensor to write. */
export interface SafetensorsTensor {
  readonly data: SafetensorsData;
  readonly shape: readonly number[];
  /** Store a `Uint8Array` as `BOOL` instead of `U8`. @default false */
  readonly bool?: boolean;
  /** Axis layout to declare (`__metadata__["initlib.layout.<key>"]`), e.g. `HWIO`. */
  readonly layout?: string;
}

/** Anything with a `write(chunk)` that may return a promise, e.g. a Node `Writable` or a `WritableStreamDefaultWriter`. */
export interface ByteSink {
  write(chunk: Uint8Array): unknown;
}

function dtypeOf(tensor: SafetensorsTensor): string {
  const { data } = tensor;
  if (data instanceof Float64Array) return "F64";
  if (data instanceof Float32Array) return "F32";
  if (data instanceof Int32Array) return "I32";
  if (data instanceof Int16Array) return "I16";
  if (data instanceof Int8Array) return "I8";
  if (data instanceof Uint16Array) return "U16";
  if (data instanceof BigInt64Array) return "I64";
  return tensor.bool ? "BOOL" : "U8";
}

/**
 * The header and the list of data chunks of a safetensors file (tensors in the given order, the
 * header padded with spaces to a multiple of 8 so every tensor is aligned).
 */
function layoutFile(tensors: Readonly<Record<string, SafetensorsTensor>>, metadata: Readonly<Record<string, string>>): Uint8Array[] {
  const header: Record<string, unknown> = {};
  const meta: Record<string, string> = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [key, tensor] of Object.entries(tensors)) {
    if (key === "__metadata__") throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "a tensor cannot be named __metadata__", { received: key });
    const count = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (!tensor.shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0) || count !== tensor.data.length) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${key}": shape does not match the data length`, {
        received: { shape: tensor.shape, length: tensor.data.length },
        expected: "the product of the shape equal to the number of elements",
      });
    }
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    header[key] = { dtype: dtypeOf(tensor), shape: [...tensor.shape], data_offsets: [offset, offset + bytes.length] };
    if (tensor.layout !== undefined) meta[LAYOUT_METADATA_PREFIX + key] = tensor.layout;
    chunks.push(bytes);
    offset += bytes.length;
  }
  const text = new TextEncoder().encode(JSON.stringify(Object.keys(meta).length > 0 ? { __metadata__: meta, ...header } : header));
  const padded = new Uint8Array(Math.ceil(text.length / 8) * 8).fill(0x20);
  padded.set(text);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(padded.length), true);
  return [prefix, padded, ...chunks];
}

/**
 * Encodes tensors as one safetensors byte array (browsers, small files).
 * @example
 * const bytes = encodeSafetensors({ "fc.weight": { data: new Float32Array(6), shape: [2, 3] } });
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, SafetensorsTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const chunks = layoutFile(tensors, metadata);
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Writes a safetensors file to a path (Node; written to a temporary file and renamed when complete)
 * or to a stream, tensor by tensor without concatenating them in memory.
 * @example
 * await writeSafetensors("out.safetensors", { "conv.weight": { data, shape: [8, 3, 3, 3] } }, { format: "pt" });
 */
export async function writeSafetensors(
  target: string | ByteSink,
  tensors: Readonly<Record<string, SafetensorsTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Promise<void> {
  const chunks = layoutFile(tensors, metadata);
  if (typeof target !== "string") {
    for (const chunk of chunks) await target.write(chunk);
    return;
  }
  await writeChunksToFile(target, chunks);
}
