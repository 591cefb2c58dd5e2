// Node only: checkpoints given as local paths or file: URLs.
import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { openFileSource } from "./file-source-node";
import { resolveLocalShard } from "./local-shard-node";

/**
 * The local file at `path`, verified against `sha256` (a hex prefix) when one is given.
 * @example
 * const file = await openLocalSource("/models/w.safetensors", "f37072fd");
 */
export async function openLocalSource(path: string, sha256?: string): Promise<ByteSource> {
  const file = await openFileSource(path);
  if (sha256 !== undefined) await verifyLocalHash(file, sha256);
  return file;
}

/** Opens the files a local manifest or index names, each kept inside the manifest's directory. */
export function localShardOpener(manifestPath: string): (shard: string) => Promise<ByteSource> {
  return async (shard) => openFileSource(await resolveLocalShard(manifestPath, shard));
}

/** The path of a `file:` URL. */
export async function pathOfFileUrl(url: URL): Promise<string> {
  const { fileURLToPath } = await import("node:url");
  return fileURLToPath(url);
}

async function verifyLocalHash(file: ByteSource, sha256: string): Promise<void> {
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
