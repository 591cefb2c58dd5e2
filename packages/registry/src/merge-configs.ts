import { InitlibError, joinConfigPath } from "./initlib-error";
import { isPlainObject } from "./plain-object";

/** The marker that makes a child config's object replace the base's instead of merging into it. */
export const DELETE_KEY = "_delete_";

/**
 * Merges `child` over `base` as MMEngine's `Config._merge_a_into_b`:
 *
 * - an object in the child merges key by key into the base's object of the same key (recursively);
 * - an object with `_delete_: true` replaces the base's value instead (the marker is dropped);
 * - anything else in the child, arrays included, replaces the base's value;
 * - keys only in the base are kept, base keys first, then the child's new keys.
 *
 * An object in the child over a base value that is not an object fails with `INITLIB_BAD_CONFIG`
 * (MMEngine's "cannot inherit from base"), unless it carries `_delete_: true`. `_delete_` markers
 * are removed everywhere in the result. Neither input is modified.
 * @example
 * mergeConfigs({ initCfg: { type: "Normal", std: 0.01, layer: ["Linear"] } },
 *              { initCfg: { std: 0.02 } });
 * // { initCfg: { type: "Normal", std: 0.02, layer: ["Linear"] } }
 */
export function mergeConfigs(
  base: Readonly<Record<string, unknown>>,
  child: Readonly<Record<string, unknown>>,
  path = "",
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) defineOwn(merged, key, value);
  for (const [key, value] of Object.entries(child)) {
    if (key === DELETE_KEY) continue;
    const keyPath = joinConfigPath(path, key);
    if (!isPlainObject(value)) {
      defineOwn(merged, key, withoutDeleteMarkers(value, keyPath));
      continue;
    }
    const replace = deleteFlag(value, keyPath);
    if (Object.hasOwn(base, key) && !replace) {
      const baseValue = base[key];
      if (!isPlainObject(baseValue)) {
        throw new InitlibError("INITLIB_BAD_CONFIG", `'${key}' is an object in the child config but not in its base, so it cannot be merged`, {
          path: keyPath,
          received: baseValue,
          expected: "an object in the base config, to merge the child's object into",
          hint: `set ${DELETE_KEY}: true in the child's '${key}' to replace the base's value instead of merging`,
        });
      }
      defineOwn(merged, key, mergeConfigs(baseValue, value, keyPath));
    } else {
      defineOwn(merged, key, withoutDeleteMarkers(value, keyPath));
    }
  }
  return merged;
}

function deleteFlag(value: Readonly<Record<string, unknown>>, path: string): boolean {
  const flag = value[DELETE_KEY];
  if (flag === undefined) return false;
  if (typeof flag !== "boolean") {
    throw new InitlibError("INITLIB_BAD_CONFIG", `${DELETE_KEY} must be true or false`, {
      path: joinConfigPath(path, DELETE_KEY),
      received: flag,
      expected: "true (replace the base's value) or false (merge into it)",
    });
  }
  return flag;
}

/**
 * A copy of `value` with `_delete_` markers removed at every depth (each checked to be a boolean):
 * what a config with no base to merge into means.
 * @example
 * withoutDeleteMarkers({ initCfg: { _delete_: true, type: "Constant" } }); // { initCfg: { type: "Constant" } }
 */
export function withoutDeleteMarkers(value: unknown, path = ""): unknown {
  if (Array.isArray(value)) return value.map((item, index) => withoutDeleteMarkers(item, joinConfigPath(path, `[${index}]`)));
  if (!isPlainObject(value)) return value;
  deleteFlag(value, path);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== DELETE_KEY) defineOwn(copy, key, withoutDeleteMarkers(item, joinConfigPath(path, key)));
  }
  return copy;
}

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment, for "__proto__": a JSON key of that name must stay data.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
