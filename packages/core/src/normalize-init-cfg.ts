import { InitlibError } from "@initlib/registry";
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

const SNAKE = /_([a-z0-9])/g;

/**
 * MMEngine's snake_case keys as initlib's camelCase ones (`bias_prob` → `biasProb`), recursively
 * through entries and overrides; values (the `type` name, the checkpoint path) are never changed.
 * A config that spells one key both ways is an error.
 */
function normalizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const camel = key.startsWith("_") ? key : key.replace(SNAKE, (_, letter: string) => letter.toUpperCase());
    if (camel in out) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `init_cfg spells one key twice: '${key}' and '${camel}'`, {
        path: `initCfg.${camel}`,
        received: value,
        hint: `keep only '${camel}'`,
      });
    }
    out[camel] = key === "override" || camel === "override" ? normalizeKeys(item) : item;
  }
  return out;
}

/**
 * Deep-copies an init_cfg (later changes to the object passed in have no effect, as in MMEngine) and
 * returns it as given (`raw`, for MMEngine's DEBUG line) and normalized (`normalized`, camelCase
 * keys). Values that are not objects or lists are kept as they are; `initWeights()` rejects them.
 */
export function normalizeInitCfg(initCfg: unknown): { raw: unknown; normalized: unknown } {
  const raw = deepCopyConfig(initCfg ?? null);
  return { raw, normalized: normalizeKeys(deepCopyConfig(raw)) };
}
