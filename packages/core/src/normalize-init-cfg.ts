import { isPlainObject, normalizeKeys } from "@initlib/registry";
import type { InitCfg } from "@initlib/initializers";

declare const UNTYPED_INIT_CFG: unique symbol;

/** A config whose shape TypeScript cannot know (JSON, YAML, copied from Python); see {@link untypedInitCfg}. */
export type UntypedInitCfg = { readonly [UNTYPED_INIT_CFG]: true };

/**
 * What `BaseModule` accepts as `initCfg`: a typed `InitCfg` (camelCase; typos in keys, wrong enum
 * values and missing required arguments are compile errors), or a config marked with
 * {@link untypedInitCfg}, e.g. read from JSON or copied from a Python config with MMEngine's
 * snake_case keys (`bias_prob`, `map_location`). Both are normalized and validated at run time.
 */
export type ModuleInitCfg = InitCfg | UntypedInitCfg;

/**
 * Marks a config TypeScript cannot check (parsed JSON, snake_case keys copied from Python) as an
 * `initCfg`. It is validated when `initWeights()` runs, with the same messages as typed configs.
 * @example
 * new ToyNet(untypedInitCfg(JSON.parse('{"type": "Normal", "std": 0.01, "bias_prob": 0.01, "layer": "Linear"}')));
 */
export function untypedInitCfg(value: unknown): UntypedInitCfg {
  return value as UntypedInitCfg;
}

/**
 * Deep copy of the plain objects and arrays of a config; anything else (an initializer class given
 * as `type`, checkpoint bytes, a Blob, a reader object with methods) is kept by reference.
 */
export function deepCopyConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => deepCopyConfig(item)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = deepCopyConfig(item);
    return out as T;
  }
  return value;
}

/**
 * Deep-copies an init_cfg (later changes to the object passed in have no effect, as in MMEngine) and
 * returns it as given (`raw`, for MMEngine's DEBUG line) and normalized (`normalized`, camelCase
 * keys, through `@initlib/registry`'s `normalizeKeys`). Values that are not objects or lists are kept as they are; `initWeights()` rejects them.
 */
export function normalizeInitCfg(initCfg: unknown): { raw: unknown; normalized: unknown } {
  const raw = deepCopyConfig(initCfg ?? null);
  return { raw, normalized: normalizeKeys(deepCopyConfig(raw), { path: "initCfg" }) };
}
