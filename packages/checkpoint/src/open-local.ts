// Checkpoints given as local paths (Node only; reached through the `#local-files` subpath import).
import type { ByteSource } from "./byte-source";
import { openFileSource } from "./file-source";
import { verifyLocalHash } from "./local-hash";
import { resolveLocalShard } from "./local-shard";

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
