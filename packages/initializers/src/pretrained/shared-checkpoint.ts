import { openCheckpoint, type CheckpointReader, type OpenCheckpointOptions } from "@initlib/checkpoint";

/** How long an opened checkpoint stays open after its last read. */
const IDLE_CLOSE_MS = 2000;

/**
 * One checkpoint shared by the lazy loads of a plan: the reader opened while planning serves the
 * loads; it is closed when every planned load has run, or after a short idle period when some
 * never run (their parameter got a later writer), and reopened if a load comes after that.
 */
export class SharedCheckpoint {
  private reader: Promise<CheckpointReader> | undefined;
  private pending: number;
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly location: string,
    private readonly options: OpenCheckpointOptions,
    opened: CheckpointReader,
    plannedLoads: number,
  ) {
    this.reader = Promise.resolve(opened);
    this.pending = plannedLoads;
    if (plannedLoads === 0) void this.close();
    else this.scheduleIdleClose();
  }

  /** Reads one tensor, reopening the file if it was closed in between. */
  async read(key: string): Promise<Float32Array> {
    if (this.timer) clearTimeout(this.timer);
    this.inFlight += 1;
    this.reader ??= openCheckpoint(this.location, { ...this.options, progress: false });
    try {
      return await (await this.reader).read(key);
    } finally {
      this.pending -= 1;
      this.inFlight -= 1;
      // Never close under a read still running; the last one to finish decides.
      if (this.inFlight === 0) {
        if (this.pending <= 0) await this.close();
        else this.scheduleIdleClose();
      }
    }
  }

  private scheduleIdleClose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
    // An open checkpoint must never keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await (await reader).close();
  }
}
