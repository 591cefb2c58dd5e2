// A remote file downloaded once into the disk cache and read from there (Node only; reached
// through the `#local-files` subpath import).
import type { ByteSource } from "./byte-source";
import { openFileSource } from "./file-source";
import { downloadCheckpoint } from "./download";
import type { DownloadOptions } from "./download-options";

/**
 * `url` downloaded into the disk cache (atomically, verified, retried on passing failures) and
 * opened as a file; `name` (the redacted URL) is what errors name. `evict` deletes the cached file.
 * @example
 * const source = await openDownloadedSource(new URL("https://host/w.safetensors"), {}, "https://host/w.safetensors");
 */
export async function openDownloadedSource(url: URL, options: DownloadOptions, name: string): Promise<ByteSource & { evict(): Promise<void> }> {
  const path = await downloadCheckpoint(url, options);
  const file = await openFileSource(path);
  const evict = async () => {
    const { rm } = await import("node:fs/promises");
    await file.close();
    await rm(path, { force: true });
  };
  return { name, size: file.size, read: file.read, close: file.close, evict };
}
