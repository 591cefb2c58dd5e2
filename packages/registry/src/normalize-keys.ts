import { InitlibError, joinConfigPath } from "./initlib-error";
import { isPlainObject } from "./plain-object";

/**
 * Keys whose values are data, not config: their own keys are user names (e.g. a map of checkpoint
 * key renames) and must keep their spelling. Matched after the key itself is converted, so both
 * `renames` and a snake_case spelling of an opaque key are recognised.
 * @default ["renames"]
 */
export const DEFAULT_OPAQUE_KEYS: readonly string[] = Object.freeze(["renames"]);

/** Options of {@link normalizeKeys}. */
export interface NormalizeKeysOptions {
  /**
   * Keys (camelCase) whose values are copied unchanged, without converting the keys inside them.
   * @default DEFAULT_OPAQUE_KEYS
   */
  opaqueKeys?: Iterable<string>;
  /**
   * Config path of `value`, prefixed to error paths.
   * @default ""
   */
  path?: string;
  /**
   * Copy every key as written (no snake_case → camelCase), for data read in MMEngine's own
   * spelling, such as model files.
   * @default false
   */
  preserveKeys?: boolean;
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/**
 * MMEngine's snake_case spelling of a key in initlib's camelCase: `bias_prob` → `biasProb`,
 * `init_cfg` → `initCfg`. Only lower-case snake_case words convert; `_base_`, `_delete_`, `Conv2d`,
 * `0` and keys already in camelCase are returned as they are.
 * @example
 * camelCaseKey("map_location"); // "mapLocation"
 * camelCaseKey("_base_");       // "_base_"
 */
export function camelCaseKey(key: string): string {
  if (!SNAKE_CASE.test(key)) return key;
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Returns a copy of `value` with every key of every plain object, at any depth and inside arrays,
 * in camelCase, so a config copied from a Python MMEngine config (`init_cfg`, `bias_prob`,
 * `map_location`) reads as initlib's (`initCfg`, `biasProb`, `mapLocation`). Values are never
 * renamed (a `type` name stays as written), values under an opaque key are copied as they are, and
 * anything that is not a plain object or an array (a class given as `type`, a typed array) is kept
 * by reference. An object with both spellings of one key fails with `INITLIB_BAD_CONFIG` naming both.
 * @example
 * normalizeKeys({ type: "Normal", bias_prob: 0.01, override: { name: "cls", init_cfg: null } });
 * // { type: "Normal", biasProb: 0.01, override: { name: "cls", initCfg: null } }
 */
export function normalizeKeys<Value>(value: Value, options: NormalizeKeysOptions = {}): Value {
  const opaqueKeys = new Set(options.opaqueKeys ?? DEFAULT_OPAQUE_KEYS);
  const rename = options.preserveKeys === true ? (key: string) => key : camelCaseKey;
  return normalizeValue(value, options.path ?? "", opaqueKeys, new Set(), rename) as Value;
}

function normalizeValue(value: unknown, path: string, opaqueKeys: ReadonlySet<string>, ancestors: Set<object>, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) {
    return withinCycleGuard(value, path, ancestors, () =>
      value.map((item, index) => normalizeValue(item, joinConfigPath(path, `[${index}]`), opaqueKeys, ancestors, rename)),
    );
  }
  if (!isPlainObject(value)) return value;
  return withinCycleGuard(value, path, ancestors, () => {
    const normalized: Record<string, unknown> = {};
    const spellings = new Map<string, string>();
    for (const [key, item] of Object.entries(value)) {
      const camel = rename(key);
      const other = spellings.get(camel);
      if (other !== undefined) {
        throw new InitlibError("INITLIB_BAD_CONFIG", `the config has both '${other}' and '${key}', two spellings of one key`, {
          path: joinConfigPath(path, camel),
          received: { [other]: value[other], [key]: item },
          expected: `only one of '${other}' and '${key}'`,
          hint: `MMEngine's snake_case keys are accepted as aliases of the camelCase ones; keep one spelling and remove the other`,
        });
      }
      spellings.set(camel, key);
      const copied = opaqueKeys.has(camel) ? item : normalizeValue(item, joinConfigPath(path, camel), opaqueKeys, ancestors, rename);
      // defineProperty, not assignment, for "__proto__": a JSON key of that name must stay data.
      if (camel === "__proto__") Object.defineProperty(normalized, camel, { value: copied, enumerable: true, writable: true, configurable: true });
      else normalized[camel] = copied;
    }
    return normalized;
  });
}

function withinCycleGuard<Result>(value: object, path: string, ancestors: Set<object>, copy: () => Result): Result {
  if (ancestors.has(value)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "the config contains itself (a circular reference)", {
      path: path || "config",
      expected: "a tree of objects and arrays, as JSON or YAML would give",
    });
  }
  ancestors.add(value);
  try {
    return copy();
  } finally {
    ancestors.delete(value);
  }
}
