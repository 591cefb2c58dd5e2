// Shards of a local checkpoint (Node only; reached through the `#local-files` subpath import).
import { unsafeShardError } from "./shard-location";

/**
 * The path of a shard named by a local manifest, after following symbolic links: it must be a
 * regular file inside the real directory of the manifest.
 * @example
 * await resolveLocalShard("/models/m/model.json", "group1-shard1of1.bin"); // "/models/m/group1-shard1of1.bin"
 */
export async function resolveLocalShard(manifestPath: string, shard: string): Promise<string> {
  const { dirname, isAbsolute, join, relative, sep } = await import("node:path");
  const { realpath } = await import("node:fs/promises");
  if (isAbsolute(shard) || /^[a-z]:/i.test(shard) || shard.startsWith("\\")) throw unsafeShardError(manifestPath, shard, "is absolute");
  if (shard.split(/[/\\]/).includes("..")) throw unsafeShardError(manifestPath, shard, "climbs out of the model's directory");
  const directory = await realpath(dirname(manifestPath));
  let real: string;
  try {
    real = await realpath(join(dirname(manifestPath), shard));
  } catch {
    return join(dirname(manifestPath), shard); // missing: the opener reports it as not found
  }
  const inside = relative(directory, real);
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) {
    throw unsafeShardError(manifestPath, shard, "is a link to a file outside the model's directory");
  }
  return real;
}
