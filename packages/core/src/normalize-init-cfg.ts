import { normalizeKeys } from "@initlib/registry";
import type { InitCfg } from "@initlib/initializers";

/**
 * What `BaseModule` accepts as `initCfg`: a typed `InitCfg` (camelCase, checked by TypeScript), or
 * an untyped config copied from Python/JSON with MMEngine's snake_case keys (`bias_prob`,
 * `map_location`), which is normalized at construction.
 */
export type ModuleInitCfg = InitCfg | Record<string, unknown> | readonly Record<string, unknown>[] | null | undefined;

/** Deep copy that keeps functions (initializer classes given as `type`) by reference. */
export function deepCopyConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => deepCopyConfig(item)) as T;
  if (value !== null && typeof value === "object") {
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
