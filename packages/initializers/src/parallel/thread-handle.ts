import { loadNodeWorkerClass, NODE_WORKER_PORT_SOURCE } from "#node-threads";
import { BROWSER_WORKER_PORT_SOURCE, GENERATOR_WORKER_BODY } from "./worker-source";

/** A message a generator worker sends back. */
export interface WorkerReply {
  readonly type: "done" | "failed";
  readonly id: number;
  readonly values?: Float32Array;
  readonly message?: string;
}

/**
 * One started generator worker, the same shape over Node's `worker_threads` and browser Web
 * Workers. `hold`/`release` keep a Node process alive only while a job is in flight (workers are
 * unref'd otherwise, so an idle pool never keeps a process running).
 */
export interface ThreadHandle {
  post(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  hold(): void;
  release(): void;
  terminate(): void;
}

/** What a handle reports: replies, and its end (an error, or an exit nobody asked for). */
export interface ThreadListener {
  reply(message: WorkerReply): void;
  failed(reason: string): void;
}

interface NodeWorker {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: string, listener: (value: never) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}
type NodeWorkerConstructor = new (source: string, options: { eval: true; name?: string; execArgv?: string[] }) => NodeWorker;

interface BrowserWorker {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  onmessage: ((event: { data: WorkerReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}
interface BrowserGlobals {
  Worker?: new (url: string, options?: { name?: string }) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  URL?: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
  process?: { versions?: { node?: string } };
}

const globals = globalThis as unknown as BrowserGlobals;
let nodeWorkerConstructor: Promise<NodeWorkerConstructor | null> | undefined;

function isNode(): boolean {
  return typeof globals.process?.versions?.node === "string";
}

async function loadNodeWorker(): Promise<NodeWorkerConstructor | null> {
  nodeWorkerConstructor ??= loadNodeWorkerClass().then((Worker) => Worker as NodeWorkerConstructor | null);
  return nodeWorkerConstructor;
}

function startNodeThread(Worker: NodeWorkerConstructor, listener: ThreadListener): ThreadHandle {
  // No inherited flags: the worker needs no loader (--import tsx and the like only slow its start).
  const worker = new Worker(GENERATOR_WORKER_BODY + NODE_WORKER_PORT_SOURCE, { eval: true, name: "initlib-generator", execArgv: [] });
  worker.unref();
  let ended = false;
  worker.on("message", (message: WorkerReply) => listener.reply(message));
  worker.on("error", (error: Error) => {
    ended = true;
    listener.failed(error?.message ?? String(error));
  });
  worker.on("exit", (code: number) => {
    if (!ended) listener.failed(`the worker exited with code ${code}`);
    ended = true;
  });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => worker.ref(),
    release: () => worker.unref(),
    terminate: () => {
      ended = true;
      void worker.terminate();
    },
  };
}

function startBrowserThread(listener: ThreadListener): ThreadHandle | null {
  const { Worker, Blob, URL } = globals;
  if (typeof Worker !== "function" || typeof Blob !== "function" || typeof URL?.createObjectURL !== "function") return null;
  // The URL lives as long as the worker: some browsers fetch the script after the constructor returns.
  const url = URL.createObjectURL(new Blob([GENERATOR_WORKER_BODY + BROWSER_WORKER_PORT_SOURCE], { type: "text/javascript" }));
  let worker: BrowserWorker;
  try {
    worker = new Worker(url, { name: "initlib-generator" });
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
  worker.onmessage = (event) => listener.reply(event.data);
  worker.onerror = (event) => listener.failed(event?.message ?? "the worker failed");
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => undefined,
    release: () => undefined,
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

/**
 * Starts one generator worker: `worker_threads` in Node, a Web Worker from a Blob URL in browsers.
 * Resolves to `null` where threads cannot be started (no Worker API, a content security policy that
 * refuses Blob workers, a runtime without `worker_threads`): callers then generate on the calling
 * thread.
 * @example
 * const handle = await startThread({ reply: (message) => {}, failed: (reason) => {} });
 */
export async function startThread(listener: ThreadListener): Promise<ThreadHandle | null> {
  try {
    if (isNode()) {
      const Worker = await loadNodeWorker();
      return Worker === null ? null : startNodeThread(Worker, listener);
    }
    return startBrowserThread(listener);
  } catch {
    return null;
  }
}
