import type { CheckpointInput, CheckpointReader, OpenCheckpointOptions } from "@initlib/checkpoint";

/**
 * One checkpoint shared by the lazy loads of a plan: the reader opened while planning serves the
 * loads. Its owner closes it with {@link SharedCheckpoint.close} (or `await using`) when the work
 * that may read it is over: `initWeights()` does at the end of every call, on success and on
 * failure, through the plan's `release`. No timer is involved. To keep descriptors few in a long
 * call, the file is also closed as soon as the last planned load has run; a read after a close
 * reopens it.
 *
 * A failure while closing never fails a read whose values arrived: it is kept and thrown by the
 * owner's next `close()`.
 * @example
 * await using shared = new SharedCheckpoint("model.safetensors", {}, reader, 2);
 * const weight = await shared.read("fc.weight");
 */
export class SharedCheckpoint implements AsyncDisposable {
  private reader: Promise<CheckpointReader> | undefined;
  private pending: number;
  private inFlight = 0;
  private closeFailure: { readonly error: unknown } | undefined;

  /**
   * @param location where `opened` was read from, to reopen it after a close
   * @param options the options it was opened with
   * @param opened the reader opened while planning
   * @param plannedLoads how many reads the plan will make; after the last one the file is closed
   */
  constructor(
    private readonly location: CheckpointInput,
    private readonly options: OpenCheckpointOptions,
    opened: CheckpointReader,
    plannedLoads: number,
  ) {
    this.reader = Promise.resolve(opened);
    this.pending = plannedLoads;
  }

  /** Reads one tensor, reopening the file if it was closed in between. */
  async read(key: string): Promise<Float32Array> {
    this.inFlight += 1;
    // `@initlib/checkpoint` is loaded only when a reopen needs it (see PretrainedInit.plan).
    this.reader ??= import("@initlib/checkpoint").then(({ openCheckpoint }) => openCheckpoint(this.location, { ...this.options, progress: false }));
    let values: Float32Array;
    try {
      values = await (await this.reader).read(key);
    } finally {
      this.pending -= 1;
      this.inFlight -= 1;
    }
    // Never close under a read still running; the last one to finish decides.
    if (this.inFlight === 0 && this.pending <= 0) {
      try {
        await this.closeReader();
      } catch (error) {
        this.closeFailure ??= { error };
      }
    }
    return values;
  }

  /**
   * Reads elements `start` to `start + into.length` of `key` into `into`, reopening the file if it
   * was closed. The window that reaches the tensor's last element (`elementCount`) counts as the
   * tensor's planned load, so the file closes after the last tensor as with {@link SharedCheckpoint.read}.
   * With `permutation`, the window is one of the tensor with its axes permuted (`permutation[d]` is
   * the stored axis of axis `d`).
   */
  async readRange(key: string, start: number, into: Float32Array, elementCount: number, permutation?: readonly number[]): Promise<void> {
    const last = start + into.length >= elementCount;
    this.inFlight += 1;
    this.reader ??= import("@initlib/checkpoint").then(({ openCheckpoint }) => openCheckpoint(this.location, { ...this.options, progress: false }));
    try {
      const reader = await this.reader;
      await reader.readRange!(key, start, into.length, permutation === undefined ? { into } : { into, permutation });
    } finally {
      if (last) this.pending -= 1;
      this.inFlight -= 1;
    }
    if (last && this.inFlight === 0 && this.pending <= 0) {
      try {
        await this.closeReader();
      } catch (error) {
        this.closeFailure ??= { error };
      }
    }
  }

  /**
   * Closes the file now (idempotent); a later read reopens it. Throws what an earlier automatic
   * close could not do, once.
   */
  async close(): Promise<void> {
    const failure = this.closeFailure;
    this.closeFailure = undefined;
    await this.closeReader();
    if (failure !== undefined) throw failure.error;
  }

  /** Same as {@link SharedCheckpoint.close}: `await using shared = new SharedCheckpoint(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await (await reader).close();
  }
}
