import { openFileForWriting } from "#local-files";
import { CheckpointError } from "./checkpoint-error";
import { encodeSafetensorsHeader, type SafetensorsHeaderEntry } from "./safetensors-header";
import type { WritableFileHandle } from "./writable-file-handle";

export type { WritableFileHandle } from "./writable-file-handle";

/** Options of {@link openSafetensorsFileWriter}. */
export interface SafetensorsFileWriterOptions {
  /** Opens the file for writing. @default Node's `open(path, "w")` (outside Node, pass one) */
  readonly open?: (path: string) => Promise<WritableFileHandle>;
  /** Flush the file to disk (fsync) before `finish` resolves. @default true */
  readonly sync?: boolean;
}

/** A safetensors file being written: the header is on disk, data follows in declaration order. */
export interface SafetensorsFileWriter {
  /** The path being written. */
  readonly path: string;
  /** Bytes the whole file will have. */
  readonly fileBytes: number;
  /** Appends data bytes (of the current tensor, continuing into the next one at its end). */
  write(data: ArrayBufferView): Promise<void>;
  /** Checks that every declared byte was written, flushes and closes the file. */
  finish(): Promise<void>;
  /** Closes the file without checking (after a failure); never throws. */
  abort(): Promise<void>;
}

const MAX_WRITE_BYTES = 1 << 30;

/**
 * Opens `path` and writes a safetensors header declared from shapes alone; the data is then
 * streamed with `write` in declaration order, in chunks of any size, so no tensor is ever held
 * whole. `finish` refuses a file whose data is short; `write` refuses data beyond the declared end.
 * The caller owns naming (write under a temporary name, rename when done) and removal on failure.
 * @throws CheckpointError `CHECKPOINT_BAD_ARGUMENT` for too much or too little data; errors of the
 * file system (ENOSPC, EIO) are passed on as they are.
 * @example
 * const writer = await openSafetensorsFileWriter("part.tmp", [{ name: "w", dtype: "F32", shape: [2, 2] }]);
 * await writer.write(new Float32Array([1, 2, 3, 4]));
 * await writer.finish();
 */
export async function openSafetensorsFileWriter(
  path: string,
  entries: readonly SafetensorsHeaderEntry[],
  metadata: Readonly<Record<string, string>> = {},
  options: SafetensorsFileWriterOptions = {},
): Promise<SafetensorsFileWriter> {
  const header = encodeSafetensorsHeader(entries, metadata);
  const open = options.open ?? openFileForWriting;
  const handle = await open(path);
  let closed = false;
  const writeAll = async (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.length - done, MAX_WRITE_BYTES));
      if (bytesWritten <= 0) throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `writing ${path} made no progress`, { file: path });
      done += bytesWritten;
    }
  };
  try {
    await writeAll(header.bytes);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  let written = 0;
  const abort = async () => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return {
    path,
    fileBytes: header.bytes.length + header.dataBytes,
    async write(data) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", `${path} is already closed`, { file: path });
      if (written + data.byteLength > header.dataBytes) {
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `more data than the header of ${path} declares`, {
          file: path,
          received: written + data.byteLength,
          expected: `${header.dataBytes} data bytes`,
        });
      }
      await writeAll(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      written += data.byteLength;
    },
    async finish() {
      if (written !== header.dataBytes) {
        await abort();
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `${path} received ${written} of ${header.dataBytes} declared data bytes`, {
          file: path,
          received: written,
          expected: `${header.dataBytes} data bytes`,
        });
      }
      closed = true;
      try {
        if (options.sync ?? true) await handle.sync?.();
      } finally {
        await handle.close();
      }
    },
    abort,
  };
}
