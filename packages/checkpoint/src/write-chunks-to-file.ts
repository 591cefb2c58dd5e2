// Writing a file in place of another, atomically (Node only; reached through the `#local-files` subpath import).
import { ownedFileName, removeFilesOfStoppedWriters } from "./file-owner";
import { releaseTemporaryFile, trackTemporaryFile } from "./temporary-files";

/**
 * Writes `chunks` to a temporary file beside `target` (`.initlib-<host>-<pid>-<random>.part`), then
 * renames it over `target`; on failure or interruption (SIGINT, SIGTERM) the temporary file is
 * removed and `target` is left as it was. Partial files left in the folder by killed writers on
 * this machine are removed first.
 * @example
 * await writeChunksToFile("model.safetensors", [header, data]);
 */
export async function writeChunksToFile(target: string, chunks: readonly Uint8Array[]): Promise<void> {
  const [fs, { dirname, join }] = await Promise.all([import("node:fs/promises"), import("node:path")]);
  // Partial files of writers that were killed (no handler removed them) go first.
  await removeFilesOfStoppedWriters(dirname(target), ["part"]);
  const temporary = join(dirname(target), ownedFileName("part"));
  trackTemporaryFile(temporary);
  const handle = await fs.open(temporary, "w").catch((error: unknown) => {
    releaseTemporaryFile(temporary);
    throw error;
  });
  try {
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, Math.min(chunk.length - done, 1 << 30));
        done += bytesWritten;
      }
    }
    await handle.close();
    await fs.rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temporary, { force: true });
    throw error;
  } finally {
    releaseTemporaryFile(temporary);
  }
}
