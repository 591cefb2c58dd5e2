import { InitlibError, joinConfigPath } from "./initlib-error";
import { DELETE_KEY, mergeConfigs, withoutDeleteMarkers } from "./merge-configs";
import { normalizeKeys } from "./normalize-keys";
import { isPlainObject } from "./plain-object";

/** The key that lists the configs a config is layered on. */
export const BASE_KEY = "_base_";

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions {
  /**
   * Keys whose values are data and keep their inner keys' spelling (see `normalizeKeys`).
   * @default DEFAULT_OPAQUE_KEYS
   */
  opaqueKeys?: Iterable<string>;
  /**
   * Config path of `config`, prefixed to error paths (`model.yaml#` for a file).
   * @default ""
   */
  path?: string;
  /** Keep keys as written instead of converting snake_case to camelCase. @default false */
  preserveKeys?: boolean;
}

/**
 * Resolves a layered config object into one plain config, as MMEngine's `Config` does:
 *
 * 1. every layer's keys are normalized (`bias_prob` → `biasProb`, see `normalizeKeys`);
 * 2. `_base_` (one config object or a list of them, top level only) lists the layers this config
 *    builds on; each is resolved first (bases may have bases), then they are combined, a top-level
 *    key defined by two bases being an error (MMEngine: "Duplicate key is not allowed among bases");
 * 3. the config itself is merged over the combined bases with `mergeConfigs` (objects merge
 *    recursively, arrays and other values replace, `_delete_: true` replaces an object);
 *    `_delete_: true` at the top level drops the bases altogether.
 *
 * File paths in `_base_` need the file system: use `loadConfigFile`, which resolves them relative
 * to the including file and then calls this. An array config (a list of `initCfg` entries) is only
 * normalized. Nothing is modified; the result shares no objects or arrays with the input.
 * @example
 * resolveConfig({ _base_: [{ initCfg: { type: "Normal", std: 0.01 } }], init_cfg: { std: 0.02 } });
 * // { initCfg: { type: "Normal", std: 0.02 } }
 */
export function resolveConfig(config: readonly unknown[], options?: ResolveConfigOptions): unknown[];
export function resolveConfig(config: Readonly<Record<string, unknown>>, options?: ResolveConfigOptions): Record<string, unknown>;
export function resolveConfig(config: unknown, options?: ResolveConfigOptions): unknown;
export function resolveConfig(config: unknown, options: ResolveConfigOptions = {}): unknown {
  const path = options.path ?? "";
  if (!isPlainObject(config)) {
    rejectNestedBase(config, path);
    return withoutDeleteMarkers(normalizeKeys(config, { opaqueKeys: options.opaqueKeys, path, preserveKeys: options.preserveKeys }), path);
  }
  const { [BASE_KEY]: baseList, ...own } = config;
  for (const [key, value] of Object.entries(own)) rejectNestedBase(value, joinConfigPath(path, key));
  const layer = normalizeKeys(own, { opaqueKeys: options.opaqueKeys, path, preserveKeys: options.preserveKeys });
  const replaceBases = layer[DELETE_KEY] ?? false;
  if (typeof replaceBases !== "boolean") {
    throw new InitlibError("INITLIB_BAD_CONFIG", `${DELETE_KEY} must be true or false`, {
      path: joinConfigPath(path, DELETE_KEY),
      received: replaceBases,
      expected: `true (ignore the ${BASE_KEY} configs) or false`,
    });
  }
  const bases = baseList === undefined || replaceBases ? [] : listBases(baseList, joinConfigPath(path, BASE_KEY));
  const combined: Record<string, unknown> = {};
  const definedBy = new Map<string, number>();
  bases.forEach((base, index) => {
    const basePath = joinConfigPath(path, `${BASE_KEY}[${index}]`);
    const resolved = resolveConfig(base, { ...options, path: basePath });
    for (const [key, value] of Object.entries(resolved)) {
      const earlier = definedBy.get(key);
      if (earlier !== undefined) {
        throw new InitlibError("INITLIB_BAD_CONFIG", `'${key}' is defined by two bases`, {
          path: joinConfigPath(basePath, key),
          received: key,
          expected: `each top-level key in at most one of the ${BASE_KEY} configs (it is also in ${BASE_KEY}[${earlier}])`,
          hint: `remove '${key}' from one base, or set it in this config instead, which overrides the bases`,
        });
      }
      definedBy.set(key, index);
      if (key === "__proto__") Object.defineProperty(combined, key, { value, enumerable: true, writable: true, configurable: true });
      else combined[key] = value;
    }
  });
  return mergeConfigs(combined, layer, path);
}

function listBases(baseList: unknown, path: string): Record<string, unknown>[] {
  const items = Array.isArray(baseList) ? baseList : [baseList];
  return items.map((item, index) => {
    const itemPath = Array.isArray(baseList) ? joinConfigPath(path, `[${index}]`) : path;
    if (isPlainObject(item)) return item;
    if (typeof item === "string") {
      throw new InitlibError("INITLIB_BAD_CONFIG", `the base '${item}' is a file, which resolveConfig cannot read`, {
        path: itemPath,
        received: item,
        expected: "a config object",
        hint: "load the including config with `await loadConfigFile(path)`, which reads file bases relative to it, or pass the base as an object",
      });
    }
    throw new InitlibError("INITLIB_BAD_CONFIG", `${BASE_KEY} must list config objects or files`, {
      path: itemPath,
      received: item,
      expected: "a config object, a file path, or a list of them",
    });
  });
}

/** `_base_` layers a whole config; anywhere below the top it would be silently meaningless. */
function rejectNestedBase(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => rejectNestedBase(item, joinConfigPath(path, `[${index}]`)));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const keyPath = joinConfigPath(path, key);
    if (key === BASE_KEY) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `${BASE_KEY} is only read at the top level of a config`, {
        path: keyPath,
        received: item,
        expected: `${BASE_KEY} as a key of the outermost config object`,
        hint: `move ${BASE_KEY} to the top of the config (bases layer the whole config), or merge this part with mergeConfigs`,
      });
    }
    rejectNestedBase(item, keyPath);
  }
}
