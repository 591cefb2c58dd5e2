// What `#node-threads` resolves to outside Node (the package's `browser` and `default` conditions):
// there are no Node worker threads; the pool starts Web Workers instead, and the core count comes
// from `navigator.hardwareConcurrency`. Typed as the Node module, so the two cannot drift apart.
import type * as NodeThreads from "./node-threads";

/** Outside Node: no Node worker class. */
export const loadNodeWorkerClass: typeof NodeThreads.loadNodeWorkerClass = async () => null;

/** Outside Node: one core as far as Node's count goes (browsers read `navigator.hardwareConcurrency`). */
export const nodeAvailableParallelism: typeof NodeThreads.nodeAvailableParallelism = async () => 1;

/** Outside Node: no Node port to listen on (the worker script uses the browser listener). */
export const NODE_WORKER_PORT_SOURCE: typeof NodeThreads.NODE_WORKER_PORT_SOURCE = "";
