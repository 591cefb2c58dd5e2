// What `#node-threads` resolves to in Node (the package's `node` condition): Node's worker threads
// and core count. Outside Node the same import resolves to `node-threads-browser.ts`, so browser
// bundles never see a Node built-in (browsers use Web Workers and `navigator.hardwareConcurrency`).

/**
 * Node's `Worker` class, or `null` where worker_threads cannot load.
 * @example
 * const Worker = await loadNodeWorkerClass();
 */
export async function loadNodeWorkerClass(): Promise<unknown> {
  try {
    return (await import("node:worker_threads")).Worker;
  } catch {
    return null;
  }
}

/**
 * The cores this process may use (`os.availableParallelism()`, else the CPU count).
 * @example
 * await nodeAvailableParallelism(); // 8
 */
export async function nodeAvailableParallelism(): Promise<number> {
  const os = await import("node:os");
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * How the generator worker script (`worker-source.ts`) listens in a Node worker thread: through
 * `worker_threads`' parent port, required or, where a loader made eval code a module, imported.
 */
export const NODE_WORKER_PORT_SOURCE = String.raw`if (typeof require === "function") {
  nodePort = require("node:worker_threads").parentPort;
  nodePort.on("message", receive);
} else {
  // Evaluated as a module (a loader made eval code ESM): the port queues messages until then.
  import("node:worker_threads").then((threads) => {
    nodePort = threads.parentPort;
    nodePort.on("message", receive);
  });
}
`;
