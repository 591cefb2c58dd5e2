// Local files as byte sources (Node only; reached through the `#local-files` subpath import).
import { checkRange, type ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";

/**
 * A {@link ByteSource} over a local file, read with positional reads (`fs.promises.open`); nothing
 * but the requested ranges is ever in memory. Node only: outside Node the package's `#local-files`
 * import resolves to a stand-in that refuses paths (see `local-files-browser.ts`).
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
 * The local path a `file:` URL names.
 * @example
 * await pathOfFileUrl(new URL("file:///models/a.safetensors")); // "/models/a.safetensors"
 */
export async function pathOfFileUrl(url: URL): Promise<string> {
  const { fileURLToPath } = await import("node:url");
  return fileURLToPath(url);
}
