// Verifying a local file's SHA-256 (Node only; reached through the `#local-files` subpath import).
import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";

/**
 * Fails with `CHECKPOINT_HASH_MISMATCH` (and closes `file`) unless the SHA-256 of all of `file`
 * starts with `sha256`.
 * @example
 * await verifyLocalHash(await openFileSource("resnet18-f37072fd.pth"), "f37072fd");
 */
export async function verifyLocalHash(file: ByteSource, sha256: string): Promise<void> {
  const { createHash } = await import("node:crypto");
  const expected = sha256.toLowerCase();
  const hash = createHash("sha256");
  const chunk = new Uint8Array(Math.min(file.size, 8 << 20));
  for (let offset = 0; offset < file.size; offset += chunk.length) {
    const length = Math.min(chunk.length, file.size - offset);
    hash.update(await file.read(offset, length, chunk));
  }
  const digest = hash.digest("hex");
  if (!/^[a-f0-9]{8,64}$/.test(expected) || !digest.startsWith(expected)) {
    await file.close();
    throw new CheckpointError("CHECKPOINT_HASH_MISMATCH", "the file does not have the expected SHA-256", { file: file.name, received: digest, expected: `a hash starting with ${expected}` });
  }
}
