// Node only: a remote file downloaded once into the disk cache and read from there.
import { type ByteSource, openFileSource } from "./byte-source";
import { downloadCheckpoint } from "./download";
import type { DownloadOptions } from "./download-options";

/**
 * `url` downloaded into the disk cache (atomically, verified, retried on passing failures) and
 * opened as a file; `name` (the redacted URL) is what errors name.
 * @example
 * const source = await openDownloadedSource(new URL("https://host/w.safetensors"), {}, "https://host/w.safetensors");
 */
export async function openDownloadedSource(url: URL, options: DownloadOptions, name: string): Promise<ByteSource> {
  const file = await openFileSource(await downloadCheckpoint(url, options));
  return { name, size: file.size, read: file.read, close: file.close };
}
