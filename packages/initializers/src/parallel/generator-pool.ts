import { InitlibError } from "@initlib/registry";
import { buildQuantileTable } from "../random/quantile-table";
import { compiledWebAssemblyGenerator } from "../random/webassembly-generator";
import { startThread, type ThreadHandle, type WorkerReply } from "./thread-handle";

/** One range of one rule for a worker, as plain data (see worker-source.ts). */
export interface GeneratorJob {
  readonly operation: "uniform" | "normal" | "truncNormal";
  readonly parameters: readonly number[];
  readonly words: readonly [number, number, number, number];
  /** Flat index of the first element. */
  readonly start: number;
  readonly count: number;
  /** Shared memory the worker writes into (at `byteOffset`); `null` to get the values transferred back. */
  readonly target: SharedArrayBuffer | null;
  readonly byteOffset: number;
}

interface PooledWorker {
  readonly handle: ThreadHandle;
  readonly pending: Map<number, { resolve: (values: Float32Array | undefined) => void; reject: (error: unknown) => void }>;
  alive: boolean;
}

function workerFailure(reason: string): InitlibError {
  return new InitlibError("INITLIB_BACKEND_FAILURE", `a generator worker thread failed: ${reason}`, {
    path: "threads",
    received: reason,
    expected: "worker threads that finish their ranges",
    hint: "retry with threads: 1 (INITLIB_THREADS=1 in the CLI) to generate on the calling thread",
  });
}

/**
 * A lazily started, reused set of generator workers. Workers start on the first parallel fill that
 * needs them, stay for the next ones, never keep a Node process alive while idle (unref'd), and end
 * with {@link GeneratorPool.close}; a later fill starts them again. A worker that fails or exits
 * rejects its jobs with `INITLIB_BACKEND_FAILURE` and leaves the pool.
 */
export class GeneratorPool {
  private readonly workers: PooledWorker[] = [];
  private starting: Promise<void> | undefined;
  private nextJob = 0;
  private unavailable = false;

  /** Number of workers started and alive. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Up to `count` live workers, starting missing ones; fewer (possibly none) where the runtime
   * cannot start threads or run the WebAssembly generator.
   */
  async acquire(count: number): Promise<readonly PooledWorker[]> {
    while (this.starting) await this.starting;
    if (this.workers.length < count && !this.unavailable) {
      this.starting = this.grow(count).finally(() => {
        this.starting = undefined;
      });
      await this.starting;
    }
    return this.workers.slice(0, count);
  }

  private async grow(count: number): Promise<void> {
    const module = compiledWebAssemblyGenerator();
    if (module === null) {
      this.unavailable = true;
      return;
    }
    const quantileTable = buildQuantileTable();
    while (this.workers.length < count) {
      const worker = await this.startWorker();
      if (worker === null) {
        this.unavailable = true;
        return;
      }
      worker.handle.post({ type: "init", module, quantileTable });
      this.workers.push(worker);
    }
  }

  private async startWorker(): Promise<PooledWorker | null> {
    // Set once the thread started; replies and failures before that cannot happen.
    const started: { worker?: PooledWorker } = {};
    const fail = (reason: string): void => {
      const worker = started.worker;
      if (!worker) return;
      worker.alive = false;
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
      const error = workerFailure(reason);
      for (const { reject } of worker.pending.values()) reject(error);
      worker.pending.clear();
      worker.handle.terminate();
    };
    const handle = await startThread({
      reply: (message: WorkerReply) => {
        const worker = started.worker;
        if (!worker) return;
        if (message.type === "failed" && message.id === -1) return fail(message.message ?? "the generator module did not start");
        const job = worker.pending.get(message.id);
        if (!job) return;
        worker.pending.delete(message.id);
        if (worker.pending.size === 0) worker.handle.release();
        if (message.type === "done") job.resolve(message.values);
        else job.reject(workerFailure(message.message ?? "unknown error"));
      },
      failed: (reason) => fail(reason),
    });
    if (handle === null) return null;
    started.worker = { handle, pending: new Map(), alive: true };
    return started.worker;
  }

  /**
   * Runs one job on `worker`. Resolves to the transferred values when the job had no shared
   * `target`, else to `undefined` once the worker wrote its range.
   */
  run(worker: PooledWorker, job: GeneratorJob): Promise<Float32Array | undefined> {
    if (!worker.alive) return Promise.reject(workerFailure("the worker had already stopped"));
    const id = this.nextJob++;
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { resolve, reject });
      worker.handle.hold();
      worker.handle.post({ type: "job", id, ...job });
    });
  }

  /** Terminates every worker; jobs in flight reject. The pool starts workers again when next used. */
  close(): void {
    const workers = this.workers.splice(0);
    for (const worker of workers) {
      worker.alive = false;
      const error = workerFailure("the pool was closed while the job ran");
      for (const { reject } of worker.pending.values()) reject(error);
      worker.pending.clear();
      worker.handle.terminate();
    }
    this.unavailable = false;
  }
}

let sharedPool: GeneratorPool | undefined;

/** The process-wide pool that `writeRule` uses (a host backend owns its own). */
export function sharedGeneratorPool(): GeneratorPool {
  sharedPool ??= new GeneratorPool();
  return sharedPool;
}

/**
 * Terminates the worker threads of the process-wide pool that {@link writeRule}'s host generation
 * uses; the next parallel fill starts them again. Idle workers never keep a process alive, so this is
 * needed only to free their memory early.
 * @example
 * closeHostThreads();
 */
export function closeHostThreads(): void {
  sharedPool?.close();
}
