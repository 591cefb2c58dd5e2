// Opening a file to write (Node only; reached through the `#local-files` subpath import).
import type { WritableFileHandle } from "./writable-file-handle";

/**
 * `path` opened for writing (created or truncated), as the streaming safetensors writer uses it.
 * @example
 * const handle = await openFileForWriting("part.tmp");
 */
export async function openFileForWriting(path: string): Promise<WritableFileHandle> {
  const { open } = await import("node:fs/promises");
  return open(path, "w");
}
