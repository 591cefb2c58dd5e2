// What `#local-files` resolves to in Node (the package's `node` condition): everything of the
// package that touches the file system, the disk cache or the process. Outside Node the same
// import resolves to `local-files-browser.ts`, so browser bundles never see a Node built-in.
export { openFileSource, pathOfFileUrl } from "./file-source";
export { defaultCacheDirectory, downloadCheckpoint } from "./download";
export { resolveLocalShard } from "./local-shard";
export { verifyLocalHash } from "./local-hash";
export { writeChunksToFile } from "./write-chunks-to-file";
export { releaseTemporaryFile, trackTemporaryFile } from "./temporary-files";
export { localShardOpener, openLocalSource } from "./open-local";
export { openDownloadedSource } from "./remote-download";
export { openFileForWriting } from "./open-file-for-writing";
export { currentFileOwner, ownedFileName, ownerIsGone, removeFilesOfStoppedWriters } from "./file-owner";
