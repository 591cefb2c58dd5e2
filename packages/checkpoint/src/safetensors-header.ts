import { CheckpointError } from "./checkpoint-error";
import { LAYOUT_METADATA_PREFIX } from "./safetensors-reader";

/** Bytes per element of each safetensors dtype the header writer declares. */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** One tensor a safetensors header declares before any of its data exists. */
export interface SafetensorsHeaderEntry {
  readonly name: string;
  /** A safetensors dtype, e.g. `F32` (see {@link SAFETENSORS_DTYPE_BYTES}). */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Axis layout to declare (`__metadata__["initlib.layout.<name>"]`), e.g. `HWIO`. */
  readonly layout?: string;
}

/** A header laid out: its bytes (length prefix included) and where each tensor's data goes. */
export interface SafetensorsHeaderLayout {
  /** The 8-byte length prefix followed by the JSON header, padded with spaces to a multiple of 8. */
  readonly bytes: Uint8Array;
  /** Per entry, in order: `[start, end)` byte offsets within the data section. */
  readonly dataOffsets: readonly (readonly [number, number])[];
  /** Bytes of the data section (the sum of every tensor's bytes). */
  readonly dataBytes: number;
}

/**
 * Lays out a safetensors header from declared shapes alone, so a writer can put the header first
 * and then stream each tensor's data in order without holding any of it. For float32 tensors the
 * bytes equal `encodeSafetensors`' for the same tensors, names, layouts and metadata.
 * @throws CheckpointError `CHECKPOINT_BAD_ARGUMENT` for an unknown dtype, a bad shape or a reserved name.
 * @example
 * const { bytes, dataBytes } = encodeSafetensorsHeader([{ name: "fc.weight", dtype: "F32", shape: [4, 3] }], { format: "pt" });
 */
export function encodeSafetensorsHeader(entries: readonly SafetensorsHeaderEntry[], metadata: Readonly<Record<string, string>> = {}): SafetensorsHeaderLayout {
  const header: Record<string, unknown> = {};
  const meta: Record<string, string> = { ...metadata };
  const dataOffsets: (readonly [number, number])[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.name === "__metadata__") throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "a tensor cannot be named __metadata__", { received: entry.name });
    if (Object.hasOwn(header, entry.name)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${entry.name}" is declared twice`, { received: entry.name, expected: "distinct tensor names" });
    }
    const elementBytes = SAFETENSORS_DTYPE_BYTES[entry.dtype];
    if (elementBytes === undefined || !Object.hasOwn(SAFETENSORS_DTYPE_BYTES, entry.dtype)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${entry.name}": unknown dtype`, { received: entry.dtype, expected: Object.keys(SAFETENSORS_DTYPE_BYTES).join(", ") });
    }
    if (!entry.shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${entry.name}": bad shape`, { received: entry.shape, expected: "non-negative integer dimensions" });
    }
    const byteLength = entry.shape.reduce((product, dimension) => product * dimension, 1) * elementBytes;
    if (!Number.isSafeInteger(offset + byteLength)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${entry.name}" ends beyond 2^53 bytes`, { received: entry.shape });
    }
    header[entry.name] = { dtype: entry.dtype, shape: [...entry.shape], data_offsets: [offset, offset + byteLength] };
    if (entry.layout !== undefined) meta[LAYOUT_METADATA_PREFIX + entry.name] = entry.layout;
    dataOffsets.push([offset, offset + byteLength]);
    offset += byteLength;
  }
  const text = new TextEncoder().encode(JSON.stringify(Object.keys(meta).length > 0 ? { __metadata__: meta, ...header } : header));
  const paddedLength = Math.ceil(text.length / 8) * 8;
  const bytes = new Uint8Array(8 + paddedLength).fill(0x20, 8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(paddedLength), true);
  bytes.set(text, 8);
  return { bytes, dataOffsets, dataBytes: offset };
}
