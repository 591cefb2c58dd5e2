import { openCheckpoint, type CheckpointInput, type CheckpointReader, type OpenCheckpointOptions } from "@initlib/checkpoint";

/**
 * One checkpoint shared by the lazy loads of a plan: the reader opened while planning serves the
 * loads, and is closed when every planned load has run or when its owner calls {@link close}
 * (the init call does at its end, whether it succeeded or not, so loads that never run because a
 * later writer superseded them keep no file open). A read after closing reopens the file.
 * `await using shared = new SharedCheckpoint(...)` closes it at the end of a scope.
 */
export class SharedCheckpoint implements AsyncDisposable {
  private reader: Promise<CheckpointReader> | undefined;
  private pending: number;
  private inFlight = 0;

  constructor(
    private readonly location: CheckpointInput,
    private readonly options: OpenCheckpointOptions,
    opened: CheckpointReader,
    plannedLoads: number,
  ) {
    this.reader = Promise.resolve(opened);
    this.pending = plannedLoads;
    if (plannedLoads === 0) void this.close();
  }

  /** Reads one tensor, reopening the file if it was closed in between. */
  async read(key: string): Promise<Float32Array> {
    this.inFlight += 1;
    this.reader ??= openCheckpoint(this.location, { ...this.options, progress: false });
    try {
      return await (await this.reader).read(key);
    } finally {
      this.pending -= 1;
      this.inFlight -= 1;
      // Never close under a read still running; the last one to finish decides.
      if (this.inFlight === 0 && this.pending <= 0) await this.close();
    }
  }

  /** Closes the file now (idempotent); a later read reopens it. */
  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await (await reader).close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
