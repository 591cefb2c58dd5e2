// Writing a file in place of another, atomically (Node only; reached through the `#local-files` subpath import).
import { releaseTemporaryFile, trackTemporaryFile } from "./temporary-files";

/**
 * Writes `chunks` to a temporary file beside `target`, then renames it over `target`; on failure
 * or interruption (SIGINT, SIGTERM) the temporary file is removed and `target` is left as it was.
 * @example
 * await writeChunksToFile("model.safetensors", [header, data]);
 */
export async function writeChunksToFile(target: string, chunks: readonly Uint8Array[]): Promise<void> {
  const fs = await import("node:fs/promises");
  const temporary = `${target}.${process.pid}.${Date.now().toString(36)}.part`;
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
