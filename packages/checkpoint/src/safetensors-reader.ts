import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import type { CheckpointLimits } from "./checkpoint-limits";
import { topLevelKeys } from "./json-top-level-keys";
import { createCheckpointReader, readContiguous, type CheckpointReader, type StoredTensor } from "./checkpoint-reader";
import { DTYPE_BYTES, elementCount, type CheckpointDtype } from "./dtype";

/** safetensors dtype names and the {@link CheckpointDtype} each one is read as. */
export const SAFETENSORS_DTYPES: Readonly<Record<string, CheckpointDtype>> = {
  F64: "float64",
  F32: "float32",
  F16: "float16",
  BF16: "bfloat16",
  I64: "int64",
  I32: "int32",
  I16: "int16",
  I8: "int8",
  U16: "uint16",
  U8: "uint8",
  BOOL: "bool",
};

/** Largest header accepted, as in the reference implementation (100 MB). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** `__metadata__` key prefix under which a tensor's axis layout is declared (`initlib.layout.<key>`). */
export const LAYOUT_METADATA_PREFIX = "initlib.layout.";

/**
 * Parses and validates a safetensors header (length, JSON, dtypes, shapes, offsets in range,
 * non-overlapping and covering the data exactly) and returns a lazy reader.
 * @example
 * const reader = await readSafetensors(await openFileSource("model.safetensors"));
 */
export async function readSafetensors(source: ByteSource, limits: Pick<CheckpointLimits, "maxHeaderBytes"> = {}): Promise<CheckpointReader> {
  const maxHeaderBytes = limits.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
  const file = source.name;
  const bad = (summary: string, received?: unknown, code: "CHECKPOINT_BAD_HEADER" | "CHECKPOINT_BAD_OFFSETS" = "CHECKPOINT_BAD_HEADER") =>
    new CheckpointError(code, summary, {
      file,
      ...(received === undefined ? {} : { received }),
      hint: "the safetensors file is corrupt or was not written by a safetensors writer",
    });
  if (source.size < 8) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", "the file is shorter than the 8-byte safetensors header length", {
      file,
      received: source.size,
    });
  }
  const prefix = await source.read(0, 8);
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 4294967296;
  if (headerLength > maxHeaderBytes) throw bad(`the header length ${headerLength} exceeds ${maxHeaderBytes} bytes`, headerLength);
  if (8 + headerLength > source.size) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `the header length ${headerLength} goes beyond the end of the file`, {
      file,
      received: headerLength,
      expected: `at most ${source.size - 8} bytes`,
    });
  }
  const headerBytes = await source.read(8, headerLength);
  let header: unknown;
  let headerText: string;
  try {
    headerText = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
    header = JSON.parse(headerText);
  } catch (cause) {
    throw new CheckpointError("CHECKPOINT_BAD_HEADER", "the header is not valid UTF-8 JSON", { file, cause });
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw bad("the header is not a JSON object");
  const seen = new Set<string>();
  for (const key of topLevelKeys(headerText)) {
    if (seen.has(key)) throw bad(`the header names "${key}" twice`, key);
    seen.add(key);
  }
  const dataStart = 8 + headerLength;
  const dataLength = source.size - dataStart;
  const metadata: Record<string, string> = {};
  const parsed: { key: string; dtype: CheckpointDtype; shape: number[]; count: number; begin: number; end: number }[] = [];
  for (const [key, value] of Object.entries(header as Record<string, unknown>)) {
    if (key === "__metadata__") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad("__metadata__ is not an object", value);
      for (const [name, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== "string") throw bad(`__metadata__ value "${name}" is not a string`, text);
        Object.defineProperty(metadata, name, { value: text, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (typeof value !== "object" || value === null) throw bad(`tensor "${key}" is not an object`, value);
    const { dtype: dtypeName, shape, data_offsets: offsets } = value as Record<string, unknown>;
    const dtype = typeof dtypeName === "string" ? SAFETENSORS_DTYPES[dtypeName] : undefined;
    if (!dtype || !Object.hasOwn(SAFETENSORS_DTYPES, dtypeName as string)) {
      throw new CheckpointError("CHECKPOINT_UNSUPPORTED_DTYPE", `tensor "${key}" has an unsupported dtype`, {
        file,
        received: dtypeName,
        expected: Object.keys(SAFETENSORS_DTYPES).join(", "),
      });
    }
    if (!Array.isArray(shape)) throw bad(`tensor "${key}" has no shape array`, shape);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((item) => Number.isSafeInteger(item) && (item as number) >= 0)) {
      throw bad(`tensor "${key}" has invalid data_offsets`, offsets, "CHECKPOINT_BAD_OFFSETS");
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLength) {
      throw new CheckpointError("CHECKPOINT_BAD_OFFSETS", `tensor "${key}" has data_offsets outside the data section`, {
        file,
        received: offsets,
        expected: `0 <= begin <= end <= ${dataLength}`,
      });
    }
    const width = DTYPE_BYTES[dtype];
    const count = elementCount(shape, file, key, Math.floor(dataLength / width) + (shape.includes(0) ? Infinity : 0));
    if (count * width !== end - begin) {
      throw new CheckpointError("CHECKPOINT_BAD_SHAPE", `tensor "${key}": ${dtypeName} × [${shape.join(", ")}] does not match its byte length`, {
        file,
        received: end - begin,
        expected: `${count * width} bytes`,
      });
    }
    parsed.push({ key, dtype, shape: shape as number[], count, begin, end });
  }
  // Offsets must tile the data section exactly: sorted by begin, each starts where the previous ended.
  const ordered = [...parsed].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const item of ordered) {
    if (item.begin !== cursor) {
      throw new CheckpointError(
        "CHECKPOINT_BAD_OFFSETS",
        item.begin < cursor ? `tensor "${item.key}" overlaps the previous tensor` : `a gap precedes tensor "${item.key}"`,
        { file, received: [item.begin, item.end], expected: `data_offsets starting at ${cursor}` },
      );
    }
    cursor = item.end;
  }
  if (cursor !== dataLength) {
    throw new CheckpointError("CHECKPOINT_BAD_OFFSETS", "the tensors do not cover the data section exactly", {
      file,
      received: cursor,
      expected: `${dataLength} bytes of tensor data`,
    });
  }
  const tensors = new Map<string, StoredTensor>();
  for (const item of parsed) {
    const layout = metadata[LAYOUT_METADATA_PREFIX + item.key];
    // A layout names each axis once with a letter (OIHW, HWIO, IO, ...), one letter per axis.
    if (layout !== undefined && (!/^[A-Z]+$/.test(layout) || layout.length !== item.shape.length || new Set(layout).size !== layout.length)) {
      throw bad(`the declared layout of "${item.key}" does not fit its shape [${item.shape.join(", ")}]`, layout);
    }
    tensors.set(item.key, {
      entry: {
        key: item.key,
        dtype: item.dtype,
        shape: item.shape,
        elementCount: item.count,
        byteLength: item.end - item.begin,
        ...(layout === undefined ? {} : { layout }),
      },
      load: (out) => readContiguous(source, dataStart + item.begin, item.dtype, item.count, out),
      loadRange: (start, out) => readContiguous(source, dataStart + item.begin + start * DTYPE_BYTES[item.dtype], item.dtype, out.length, out),
    });
  }
  return createCheckpointReader("safetensors", file, tensors, metadata, [source]);
}
