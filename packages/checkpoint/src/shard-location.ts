// Where a file named inside a checkpoint (a tfjs weight shard, an index's shard) may be opened
// from: never outside the checkpoint's own directory, locally or remotely.
import { CheckpointError } from "./checkpoint-error";
import { redactUrl } from "./redact-url";

/** The error for a shard name that could reach outside its checkpoint's directory. */
export const unsafe = (file: string, shard: string, why: string) =>
  new CheckpointError("CHECKPOINT_UNSAFE_PATH", `the checkpoint names a shard "${shard}" that ${why}`, {
    file,
    received: shard,
    expected: "a relative path below the checkpoint's own directory",
    hint: "nothing was opened; shards must sit beside (or below) the file that names them",
  });

/** True when a path segment, percent-decoded, is `..` (or `.`-tricks such as `%2e%2e`). */
function hasParentSegment(path: string): boolean {
  return path.split(/[/\\]/).some((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true; // malformed escapes are refused rather than guessed at
    }
    return decoded === ".." || decoded.includes("/") || decoded.includes("\\");
  });
}

/**
 * The URL of a shard named by a remote manifest: relative, no `..`, and after resolution on the
 * manifest's own origin and under the manifest's directory. Checked before any request is made.
 * @example
 * resolveRemoteShard(new URL("https://host/m/model.json"), "group1-shard1of1.bin"); // https://host/m/group1-shard1of1.bin
 */
export function resolveRemoteShard(manifest: URL, shard: string): URL {
  const file = redactUrl(manifest);
  if (/^[a-z][a-z0-9+.-]*:/i.test(shard) || shard.startsWith("/") || shard.startsWith("\\")) throw unsafe(file, shard, "is absolute");
  if (hasParentSegment(shard)) throw unsafe(file, shard, "climbs out of the manifest's directory");
  const resolved = new URL(shard, manifest);
  const directory = new URL(".", manifest);
  if (resolved.origin !== manifest.origin || !resolved.pathname.startsWith(directory.pathname)) {
    throw unsafe(file, shard, "resolves outside the manifest's directory URL");
  }
  return resolved;
}
