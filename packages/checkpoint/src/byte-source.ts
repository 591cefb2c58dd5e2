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
 * A {@link ByteSource} over a local file, read with positional reads (`fs.promises.open`); nothing
 * but the requested ranges is ever in memory. Node's `fs` is imported only when this is called, so
 * the package bundles for browsers.
 * @example
 * const source = await openFileSource("/models/resnet.safetensors");
 */
export async function openFileSource(path: string): Promise<ByteSource> {
  const fs = await import("node:fs/promises");
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; a
    // regular file ignores the flag, and anything that is not one is refused below.
    const { constants } = await import("node:fs");
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw fileOpenError(path, cause);
  }
  let size: number;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new CheckpointError("CHECKPOINT_NOT_FOUND", "not a regular file (a directory, FIFO, socket or device)", { file: path, hint: "pass the path of a checkpoint file" });
    }
    size = stats.size;
  } catch (cause) {
    if (CheckpointError.isInstance(cause)) throw cause;
    await handle.close().catch(() => undefined);
    throw new CheckpointError("CHECKPOINT_IO", "cannot read the file", { file: path, cause });
  }
  let closed = false;
  return {
    name: path,
    size,
    async read(offset, length, into) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: path });
      checkRange(path, size, offset, length);
      const target = into ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < length) {
        // One read is limited to 2 GiB by the OS; read in bounded slices.
        const slice = Math.min(length - done, 1 << 30);
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(target, done, slice, offset + done));
        } catch (cause) {
          throw new CheckpointError("CHECKPOINT_IO", "reading the file failed", { file: path, cause });
        }
        if (bytesRead === 0) checkRange(path, offset + done, offset + done, length - done);
        done += bytesRead;
      }
      return target;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

function fileOpenError(path: string, cause: unknown): CheckpointError {
  const code = (cause as { code?: string } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new CheckpointError("CHECKPOINT_NOT_FOUND", `${path} can not be found.`, {
      hint: "check the path; relative paths resolve against the current directory or the given baseDirectory",
      cause,
    });
  }
  if (code === "EISDIR") {
    return new CheckpointError("CHECKPOINT_NOT_FOUND", "is a directory, not a checkpoint file", { file: path, cause });
  }
  return new CheckpointError("CHECKPOINT_IO", `cannot open the file (${code ?? "unknown error"})`, { file: path, cause });
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
