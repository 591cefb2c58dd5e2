import type { InitReport } from "./init-report";
import { InitSession, type InitWeightsOptions } from "./init-session";
import type { Module } from "./module";
import { normalizeInitCfg, type ModuleInitCfg } from "./normalize-init-cfg";

/** Options of {@link initialize}. */
export interface InitializeOptions extends InitWeightsOptions {
  /** Arguments added to `Pretrained` entries, e.g. `{ baseDirectory }` for relative checkpoint paths. */
  readonly pretrainedDefaults?: Readonly<Record<string, unknown>>;
}

/**
 * MMEngine's free function `initialize(module, init_cfg)` for any module (BaseModule or not):
 * applies the entries in list order, each override right after its entry; `Pretrained` is not
 * deferred, children's own `initWeights` are not called, and no per-parameter dump is logged.
 * `initCfg` must be an object or a list of objects. Like `initWeights()` it validates everything
 * first and changes nothing when it fails; the report says who wrote each parameter. Called from a
 * user-defined `initWeights` inside a running `initWeights()`, it joins that call (its writes are
 * labelled as that user code's, as MMEngine labels them) and resolves to the enclosing report.
 * @example
 * await initialize(model, [{ type: "Constant", layer: "Conv2d", val: 1, bias: 2 }]);
 */
export function initialize(module: Module, initCfg: ModuleInitCfg | string, options: InitializeOptions = {}): Promise<InitReport> {
  const { normalized } = normalizeInitCfg(initCfg);
  const active = InitSession.of(module);
  if (active) {
    // Called from user-defined initWeights code inside a running initWeights(): join that call.
    return active.ordering.applyUserConfig(module, normalized, "initialize.initCfg", options.pretrainedDefaults).then(() => active.pendingReport);
  }
  return InitSession.run(
    module,
    options,
    (ordering) => ordering.applyConfig(module, normalized, "initialize.initCfg", options.pretrainedDefaults),
    { dump: false, resolveTree: false },
  );
}
