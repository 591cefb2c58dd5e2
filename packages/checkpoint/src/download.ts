// The Node download cache (Node only; reached through the `#local-files` subpath import).
import { cacheLocation } from "./cache-location";
import type { DownloadOptions } from "./download-options";
import { CheckpointError } from "./checkpoint-error";
import { expectedHash } from "./expected-hash";
import { fetchToFile } from "./fetch-to-file";
import { redactUrl } from "./redact-url";
import { withRetries } from "./retry";
import { ownedFileName, removeFilesOfStoppedWriters } from "./file-owner";
import { releaseTemporaryFile, trackTemporaryFile } from "./temporary-files";

/**
 * The cache directory downloads go to: `INITLIB_CACHE_DIR` when set, else `~/.cache/initlib/checkpoints`.
 * @example
 * const directory = await defaultCacheDirectory(); // "/home/me/.cache/initlib/checkpoints"
 */
export async function defaultCacheDirectory(): Promise<string> {
  const fromEnvironment = process.env.INITLIB_CACHE_DIR;
  if (fromEnvironment) return fromEnvironment;
  const [os, path] = await Promise.all([import("node:os"), import("node:path")]);
  return path.join(os.homedir(), ".cache", "initlib", "checkpoints");
}

async function sha256OfFile(path: string): Promise<string> {
  const [fs, crypto] = await Promise.all([import("node:fs"), import("node:crypto")]);
  const hash = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Uint8Array);
  return hash.digest("hex");
}

/**
 * Downloads an `http(s)` URL once into the cache and returns the local path. The body streams into
 * a temporary file in the cache entry's directory that is renamed only when complete and verified
 * (length against Content-Length, SHA-256 when known); the temporary file is removed on any
 * failure, abort or interruption of the process. A cached file is verified against the expected
 * SHA-256 on every use: one that no longer matches is removed and downloaded again.
 * @example
 * const path = await downloadCheckpoint("https://example.com/resnet18-f37072fd.pth");
 */
export async function downloadCheckpoint(url: string | URL, options: DownloadOptions = {}): Promise<string> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "the checkpoint URL does not parse", { received: redactUrl(String(url)) });
  }
  const shown = redactUrl(target);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "only http and https URLs can be downloaded", { received: shown });
  }
  const fs = await import("node:fs");
  const root = options.cacheDirectory ?? (await defaultCacheDirectory());
  const { directory, file: destination } = await cacheLocation(root, target);
  const hash = expectedHash(target, options.sha256);
  if (fs.existsSync(destination)) {
    if (hash === undefined || (await sha256OfFile(destination)).startsWith(hash)) return destination;
    await fs.promises.rm(destination, { force: true }); // altered or corrupted since it was cached
  }
  await fs.promises.mkdir(root, { recursive: true, mode: 0o700 });
  await fs.promises.mkdir(directory, { recursive: true, mode: 0o700 });
  // Partial downloads of processes that were killed (no handler removed them) go first.
  await removeFilesOfStoppedWriters(directory, ["part"]);
  const temporary = `${destination.slice(0, directory.length + 1)}${ownedFileName("part")}`;
  trackTemporaryFile(temporary);
  try {
    const digest = await withRetries(() => fetchToFile(target, temporary, options), options);
    if (hash !== undefined && !digest.startsWith(hash)) {
      throw new CheckpointError("CHECKPOINT_HASH_MISMATCH", "the downloaded file does not have the expected SHA-256", {
        file: shown,
        received: digest,
        expected: `a hash starting with ${hash}`,
        hint: "the file on the server changed or the download was corrupted; check the URL and the hash",
      });
    }
    await fs.promises.rename(temporary, destination);
  } finally {
    await fs.promises.rm(temporary, { force: true });
    releaseTemporaryFile(temporary);
  }
  return destination;
}
