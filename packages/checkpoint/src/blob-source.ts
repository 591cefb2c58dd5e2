import type { ByteSource } from "./byte-source";
import { checkRange } from "./byte-source";

/**
 * A `Blob` or `File` (a file picked or dropped in a browser) as a byte source: each read slices
 * the blob, so only the bytes asked for are loaded.
 * @example
 * const source = createBlobSource(input.files[0]);
 */
export function createBlobSource(blob: Blob, name = (blob as Blob & { name?: string }).name || "<blob>"): ByteSource {
  return {
    name,
    size: blob.size,
    async read(offset, length, into) {
      checkRange(name, blob.size, offset, length);
      const bytes = new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
      if (!into) return bytes;
      into.set(bytes);
      return into.subarray(0, length);
    },
    async close() {},
  };
}
