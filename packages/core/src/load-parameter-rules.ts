import { isPlainObject } from "@initlib/registry";

/** The `params` compiler and selection (`parameter-rules.ts`), once loaded. */
export type ParameterRules = typeof import("./parameter-rules");

let loaded: ParameterRules | undefined;
let loading: Promise<ParameterRules> | undefined;

/**
 * Whether an init_cfg (one entry or a list) has an entry with `params`: only then does resolving it
 * need the pattern compiler.
 * @example
 * configHasParams([{ type: "Normal", params: "**.weight" }]); // true
 */
export function configHasParams(cfg: unknown): boolean {
  return (Array.isArray(cfg) ? cfg : [cfg]).some((entry) => isPlainObject(entry) && entry.params !== undefined && entry.params !== null);
}

/**
 * Loads the `params` compiler and selection on first use. Configs are resolved synchronously (all
 * their problems reported together, before anything is written), so every async step that is about
 * to resolve a config with `params` awaits this first; {@link loadedParameterRules} then hands the
 * module to the resolver. Concurrent callers share one promise.
 * @example
 * if (configHasParams(module.initCfg)) await loadParameterRules();
 */
export function loadParameterRules(): Promise<ParameterRules> {
  loading ??= import("./parameter-rules").then((rules) => (loaded = rules));
  return loading;
}

/**
 * The `params` compiler and selection, which {@link loadParameterRules} has loaded.
 * @throws Error when nothing has awaited {@link loadParameterRules} yet (a defect of the caller, not of the config)
 * @example
 * const patterns = loadedParameterRules().readParameterPatterns(raw, "Net.initCfg.params", problems);
 */
export function loadedParameterRules(): ParameterRules {
  if (loaded === undefined) throw new Error("a config with params was resolved before loadParameterRules() had loaded the pattern compiler");
  return loaded;
}
