// What `#local-files` resolves to outside Node (the package's `browser` and `default`
// conditions): the Node-only functions, each failing with a coded error that says what to pass
// instead. Their types are those of `local-files-node.ts`, so the two cannot drift apart.
import { CheckpointError } from "./checkpoint-error";
import type * as NodeFiles from "./local-files-node";

const OTHER_INPUTS = "an http(s) URL, hf://owner/repo/file, bytes (Uint8Array, ArrayBuffer), a Blob or File, a Response, or a { name, size, read, close } reader";

function nodeOnly(what: string, received: unknown, hint: string): CheckpointError {
  return new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `${what} needs Node's file system, which this build does not have`, {
    received,
    expected: "a call from Node (this build was resolved through the package's browser or default export condition)",
    hint,
  });
}

/**
 * Outside Node: refuses, since there is no file system.
 * @example
 * await openCheckpoint(await (await fetch(url)).arrayBuffer()); // instead of a path
 */
export const openFileSource: typeof NodeFiles.openFileSource = async (path) => {
  throw nodeOnly("opening a local path", path, `pass ${OTHER_INPUTS}`);
};

/** Outside Node: refuses; a `file:` URL names a local file. */
export const pathOfFileUrl: typeof NodeFiles.pathOfFileUrl = async (url) => {
  throw nodeOnly("opening a file: URL", url.href, `pass ${OTHER_INPUTS}`);
};

/** Outside Node: refuses; the download cache is a directory (browsers read remote files by HTTP Range requests or into memory). */
export const defaultCacheDirectory: typeof NodeFiles.defaultCacheDirectory = async () => {
  throw nodeOnly("the download cache directory", undefined, "open the URL with openCheckpoint, which reads it over HTTP without a disk cache");
};

/** Outside Node: refuses; use `openCheckpoint(url)`. */
export const downloadCheckpoint: typeof NodeFiles.downloadCheckpoint = async (url) => {
  throw nodeOnly("downloading into the disk cache", String(url), "open the URL with openCheckpoint, which reads it over HTTP without a disk cache");
};

/** Outside Node: refuses; the shards of a local checkpoint are local files. */
export const resolveLocalShard: typeof NodeFiles.resolveLocalShard = async (manifestPath) => {
  throw nodeOnly("opening the shards of a local checkpoint", manifestPath, `pass ${OTHER_INPUTS}`);
};

/** Outside Node: refuses; only local files are hashed here. */
export const verifyLocalHash: typeof NodeFiles.verifyLocalHash = async (file) => {
  throw nodeOnly("verifying the SHA-256 of a local file", file.name, "leave sha256 out, or verify the bytes yourself before opening them");
};

/** Outside Node: refuses; pass a `ByteSink` to `writeSafetensors`, or use `encodeSafetensors`. */
export const writeChunksToFile: typeof NodeFiles.writeChunksToFile = async (target) => {
  throw nodeOnly("writing a file", target, "pass a { write(chunk) } sink to writeSafetensors, or use encodeSafetensors and save the bytes yourself");
};

/** Outside Node: refuses; there are no temporary files to remove at exit. */
export const trackTemporaryFile: typeof NodeFiles.trackTemporaryFile = (path) => {
  throw nodeOnly("tracking a temporary file", path, "temporary files exist only in Node");
};

/** Outside Node: nothing is ever tracked, so there is nothing to stop tracking. */
export const releaseTemporaryFile: typeof NodeFiles.releaseTemporaryFile = () => {};

/** Outside Node: refuses; a path names a local file. */
export const openLocalSource: typeof NodeFiles.openLocalSource = async (path) => {
  throw nodeOnly("opening a local path", path, `pass ${OTHER_INPUTS}`);
};

/** Outside Node: refuses; the shards of a local checkpoint are local files. */
export const localShardOpener: typeof NodeFiles.localShardOpener = (manifestPath) => async () => {
  throw nodeOnly("opening the shards of a local checkpoint", manifestPath, `pass ${OTHER_INPUTS}`);
};

/** Outside Node: never called (remote files are read over HTTP, with the Cache API where there is one). */
export const openDownloadedSource: typeof NodeFiles.openDownloadedSource = async (url) => {
  throw nodeOnly("downloading into the disk cache", url.href, "open the URL with openCheckpoint, which reads it over HTTP");
};

/** Outside Node: refuses; pass `open` to `openSafetensorsFileWriter`, or use `encodeSafetensors`. */
export const openFileForWriting: typeof NodeFiles.openFileForWriting = async (path) => {
  throw nodeOnly("opening a file to write", path, "pass an open(path) function to openSafetensorsFileWriter, or use encodeSafetensors and save the bytes yourself");
};

/** Outside Node: refuses; temporary files exist only in Node. */
export const currentFileOwner: typeof NodeFiles.currentFileOwner = () => {
  throw nodeOnly("naming the writer of temporary files", undefined, "temporary files exist only in Node");
};

/** Outside Node: refuses; temporary files exist only in Node. */
export const ownedFileName: typeof NodeFiles.ownedFileName = (kind) => {
  throw nodeOnly("naming a temporary file", kind, "temporary files exist only in Node");
};

/** Outside Node: no process can be checked, so no writer is ever called gone. */
export const ownerIsGone: typeof NodeFiles.ownerIsGone = () => false;

/** Outside Node: there is no directory to clean. */
export const removeFilesOfStoppedWriters: typeof NodeFiles.removeFilesOfStoppedWriters = async () => 0;
