import { CheckpointError } from "./checkpoint-error";

/**
 * Random access to the bytes of one file (or one in-memory array): what every reader is built on,
 * so that a reader asks only for the ranges it needs.
 */
export interface ByteSource {
  /** The file name or URL named in errors. */
  readonly name: string;
  readonly size: number;
  /**
   * Reads exactly `length` bytes at `offset`, into `into` when given (its first `length` bytes).
   * A range beyond the end is a `CHECKPOINT_TRUNCATED` error.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Fails with `CHECKPOINT_TRUNCATED` unless `[offset, offset + length)` lies inside `size` bytes. */
export function checkRange(name: string, size: number, offset: number, length: number, what = "data"): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `the file ends before the end of its ${what}`, {
      file: name,
      received: { offset, length, fileSize: size },
      expected: `a range inside the file's ${size} bytes`,
      hint: "the file is truncated or corrupt; download or export it again",
    });
  }
}

/**
 * A {@link ByteSource} over bytes already in memory (browsers, tests, downloaded buffers). Reads
 * without `into` return views, not copies.
 * @example
 * const source = createMemorySource(new Uint8Array(await response.arrayBuffer()), "model.safetensors");
 */
export function createMemorySource(bytes: Uint8Array, name = "<bytes>"): ByteSource {
  return {
    name,
    size: bytes.length,
    async read(offset, length, into) {
      checkRange(name, bytes.length, offset, length);
      const view = bytes.subarray(offset, offset + length);
      if (!into) return view;
      into.set(view);
      return into.subarray(0, length);
    },
    async close() {},
  };
}

/**
 * Several sources read as one (tfjs weight groups split over shards).
 * @example
 * const group = concatSources([shard1, shard2], "group1");
 */
export function concatSources(parts: readonly ByteSource[], name: string): ByteSource {
  const starts: number[] = [];
  let size = 0;
  for (const part of parts) {
    starts.push(size);
    size += part.size;
  }
  return {
    name,
    size,
    async read(offset, length, into) {
      checkRange(name, size, offset, length);
      const target = into ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      for (let index = 0; index < parts.length && done < length; index += 1) {
        const part = parts[index]!;
        const start = starts[index]!;
        const end = start + part.size;
        const position = offset + done;
        if (position >= end || position < start) continue;
        const count = Math.min(end - position, length - done);
        await part.read(position - start, count, target.subarray(done, done + count));
        done += count;
      }
      return target;
    },
    async close() {
      await Promise.all(parts.map((part) => part.close()));
    },
  };
}
