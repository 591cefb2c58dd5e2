import type { FillRule } from "./fill-rule";
import type { ModuleLike } from "./module-like";
import type { ParamLike } from "./param-like";

/** One write an initializer decided on, before anything is written. */
export interface PlannedWrite {
  /** The parameter or buffer that receives the rule. */
  readonly tensor: ParamLike;
  readonly rule: FillRule;
  /** Provenance recorded for the tensor, MMEngine's info string (e.g. `KaimingInit: a=0, ...`). */
  readonly info: string;
}

/** Outcome of planning one initializer call on one module. */
export interface InitializerPlan {
  readonly writes: readonly PlannedWrite[];
  /** Log lines MMEngine emits for this call (e.g. `load model from: x.pth`), level and message. */
  readonly logs: readonly { readonly level: "debug" | "info" | "warning"; readonly message: string }[];
  /** Structured result of a checkpoint load, for `Pretrained`. */
  readonly loadReport?: LoadReport;
  /**
   * Frees what the plan holds open (a checkpoint file); the caller calls it once the planned
   * writes have run or been abandoned, on success and on failure alike.
   */
  readonly release?: () => Promise<void>;
}

export interface LoadReport {
  readonly checkpoint: string;
  readonly loaded: readonly string[];
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly shapeMismatched: readonly { key: string; checkpointShape: readonly number[]; modelShape: readonly number[] }[];
  /** Keys whose stored dtype was converted to float32, with that dtype. */
  readonly converted: readonly { key: string; dtype: string }[];
}

/**
 * An initializer built from one `initCfg` entry (MMEngine's `BaseInit` family and `PretrainedInit`).
 * Arguments are validated when it is built; `plan` decides what it would write on a module without
 * writing (MMEngine's `__call__`, split into deciding and doing).
 */
export interface WeightInitializer {
  /** Layer names matched against `typeName` and direct `typeBases`; empty = matches nothing in layer mode. */
  readonly layer: readonly string[];
  /** Whole-module mode (MMEngine's `wholemodule`, set for override targets): every submodule with a weight/bias, `layer` ignored. */
  matchesEveryModule: boolean;
  /** MMEngine's info string, e.g. `XavierInit: gain=1, distribution=normal, bias=0`. */
  readonly info: string;
  plan(module: ModuleLike): Promise<InitializerPlan> | InitializerPlan;
}
