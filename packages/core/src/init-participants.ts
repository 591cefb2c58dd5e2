import type { Backend } from "@initlib/initializers";
import type { InitReport } from "./init-report";
import type { InitLogger } from "./logger";
import type { Module } from "./module";

// What an initWeights() call takes from its caller and from the modules it meets.

/** Options of `initWeights()`. */
export interface InitWeightsOptions {
  /** Where parameters are allocated and written. @default the backend parameters already live on, else `createHostBackend()` */
  readonly backend?: Backend;
  /** Seed of the counter-based generator; values depend only on (seed, parameter path). @default 0 */
  readonly seed?: number;
  /** Receives MMEngine's log records and the per-parameter dump. @default silentLogger (a library prints nothing unless asked; pass createConsoleLogger() to see them) */
  readonly logger?: InitLogger;
  /** Plan only: decide every writer, allocate and write nothing, run no user-defined code. @default false */
  readonly dryRun?: boolean;
  /**
   * Most elements one parameter or buffer may have; a larger one is refused with `INITLIB_BAD_SHAPE`
   * naming it, before anything is allocated. A cap guards against a model built from a stranger's
   * file whose sizes would exhaust memory. @default 2147483647 (2^31 - 1, what a tensor can hold)
   */
  readonly maxTensorElements?: number;
  /**
   * Refuse, before anything is written, an init_cfg rule whose `params` pattern matches no
   * parameter (`INITLIB_BAD_CONFIG` naming the pattern); without it such a pattern is a warning.
   * @default false
   */
  readonly strict?: boolean;
}

/** What the init pipeline needs from a BaseModule (structural: the pipeline never imports the class). */
export interface SessionBaseModule extends Module {
  readonly initCfg: unknown;
  /** The init_cfg as given (after deep copy), for MMEngine's DEBUG line. */
  readonly rawInitCfg: unknown;
  isInit: boolean;
  initWeights(options?: InitWeightsOptions): Promise<InitReport>;
  /** Extra arguments for `Pretrained` entries of this module (e.g. a checkpoint base directory). */
  readonly pretrainedDefaults: Readonly<Record<string, unknown>> | undefined;
}

/** A BaseModule, as its visit hook says (no import of the class, no marker). */
export function isBaseModule(module: Module): module is SessionBaseModule {
  return module.initVisit().isBaseModule;
}

export function hasInitWeights(module: Module): module is Module & { initWeights: (options?: InitWeightsOptions) => unknown } {
  return module.initVisit().ownInitWeights;
}

/** Session settings that are not user options of `initWeights()`. */
export interface SessionSettings {
  /** Log MMEngine's per-parameter dump at the end (top-level `initWeights()` does; `initialize` does not). */
  readonly dump: boolean;
  /** Resolve the init_cfg of every reachable BaseModule up front. */
  readonly resolveTree: boolean;
}
