// `@initlib/checkpoint/internal`: the building blocks of the readers, for the other initlib
// packages and for tests (byte ranges, dtype conversion, strided copies, the zip and pickle layers).
// Not part of the stable API: names here may change in any release.
export { checkRange, concatSources } from "./byte-source";
export { copyStrided } from "./copy-strided";
export { allocateFloat32, convertToFloat32, elementCount, float16ToNumber } from "./dtype";
export { createCheckpointReader, readContiguous } from "./checkpoint-reader";
export type { StoredTensor } from "./checkpoint-reader";
export { crc32, ZipArchive } from "./zip-archive";
export type { ZipEntry } from "./zip-archive";
export { StorageReference, TensorReference, unpickle } from "./restricted-unpickler";
export type { PickleDict } from "./restricted-unpickler";
export { gatherStridedWindow, MIN_GATHER_SCRATCH } from "./strided-window";
export type { RunReader, StridedView } from "./strided-window";
export { InflateCursor } from "./inflate-cursor";
export type { DeflatedMember } from "./inflate-cursor";
export { parseOwnedFileName } from "./owned-file-name";
export type { OwnedFile, OwnedFileKind } from "./owned-file-name";
export { currentFileOwner, ownedFileName, ownerIsGone, removeFilesOfStoppedWriters } from "#local-files";
export type { FileOwner } from "./file-owner";
