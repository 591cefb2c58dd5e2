import type { Backend } from "@initlib/initializers";
import type { InitReport } from "./init-report";
import { InitSession } from "./init-session";
import { silentLogger } from "./logger";
import type { Module } from "./module";

/** Options of {@link materialize}. */
export interface MaterializeOptions {
  /** Key of the generator for random defaults. @default 0 */
  readonly seed?: number;
  /** Most elements one tensor may have (see `InitWeightsOptions.maxTensorElements`). @default 2147483647 */
  readonly maxTensorElements?: number;
}

/**
 * Allocates every parameter and buffer of the tree that has no storage yet on `backend` and writes
 * its layer's torch default (`reset_parameters`) or the value assigned before materialization.
 * Already materialized tensors are left alone. Atomic: when a write fails, nothing changes.
 * @example
 * await materialize(model, createHostBackend());
 */
export function materialize(module: Module, backend?: Backend, options: MaterializeOptions = {}): Promise<InitReport> {
  return InitSession.run(module, { backend, seed: options.seed, maxTensorElements: options.maxTensorElements, logger: silentLogger }, async () => {}, { dump: false, resolveTree: false });
}
