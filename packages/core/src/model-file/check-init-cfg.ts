import { childPath, type SpecIssues } from "./spec-issues";

/** Keys that would reach an object's prototype or constructor if an init_cfg were ever assigned naively. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_INIT_CFG_DEPTH = 50;

/**
 * Copies a model file's `init_cfg` as MMEngine reads a Python config: a key whose value is `None`
 * (`bias_prob=None`, `layer=None`, `override=None`) is "not given" and left out. Keys that name
 * an object's prototype machinery (`__proto__`, `constructor`, `prototype`) are recorded as
 * problems instead of being dropped or applied. Argument values are checked later, when the
 * initializers are built.
 */
export function checkInitCfg(value: unknown, path: string, issues: SpecIssues, depth = 0): unknown {
  if (depth > MAX_INIT_CFG_DEPTH) {
    issues.add("INITLIB_CONFIG_LIMIT", path, `init_cfg nests more than ${MAX_INIT_CFG_DEPTH} levels deep`);
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item, index) => checkInitCfg(item, childPath(path, index), issues, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (RESERVED_KEYS.has(key)) {
      issues.add("INITLIB_RESERVED_NAME", childPath(path, key), `'${key}' cannot be an init_cfg key`, { received: key, hint: "remove it" });
      continue;
    }
    if (item === null) continue; // Python None: not given
    copy[key] = checkInitCfg(item, childPath(path, key), issues, depth + 1);
  }
  return copy;
}
