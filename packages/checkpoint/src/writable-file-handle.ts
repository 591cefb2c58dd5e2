/** The part of a Node file handle the writer uses (tests pass one that fails on purpose). */
export interface WritableFileHandle {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync?(): Promise<void>;
  close(): Promise<void>;
}
