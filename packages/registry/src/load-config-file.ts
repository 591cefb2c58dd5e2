import { InitlibError, joinConfigPath } from "./initlib-error";
import { isPlainObject } from "./plain-object";
import { BASE_KEY, resolveConfig, type ResolveConfigOptions } from "./resolve-config";

/** Options of {@link loadConfigFile}. */
export interface LoadConfigFileOptions {
  /**
   * Keys whose values are data and keep their inner keys' spelling (see `normalizeKeys`).
   * @default DEFAULT_OPAQUE_KEYS
   */
  opaqueKeys?: Iterable<string>;
}

type PathModule = typeof import("node:path");

/**
 * Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`) config file in Node and resolves it with
 * `resolveConfig`: snake_case keys become camelCase, and `_base_` entries that are file paths are
 * loaded relative to the including file (bases may include further bases; a cycle is an error).
 * Node's file system is imported only when this is called, so browser bundles that never call it
 * never load `node:fs`.
 * @example
 * const config = await loadConfigFile("configs/retinanet.yaml");
 * const initCfg = config.model.initCfg;
 */
export async function loadConfigFile(path: string, options: LoadConfigFileOptions = {}): Promise<unknown> {
  if (typeof path !== "string" || path === "") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "a config file path must be a non-empty string", {
      path: "loadConfigFile(path)",
      received: path,
      expected: "a path to a .json, .yaml or .yml file",
    });
  }
  const nodePath = await import("node:path");
  return loadResolved(nodePath.resolve(path), path, options, [], nodePath);
}

async function loadResolved(
  absolutePath: string,
  displayPath: string,
  options: LoadConfigFileOptions,
  including: readonly string[],
  nodePath: PathModule,
): Promise<unknown> {
  if (including.includes(absolutePath)) {
    const chain = [...including, absolutePath].map((file) => nodePath.basename(file)).join(" → ");
    throw new InitlibError("INITLIB_BAD_CONFIG", `config files include each other in a cycle: ${chain}`, {
      path: `${displayPath}#${BASE_KEY}`,
      received: displayPath,
      expected: `${BASE_KEY} files that do not lead back to an including file`,
    });
  }
  const parsed = await parseConfigFile(absolutePath, displayPath);
  const filePath = `${displayPath}#`;
  const resolveOptions: ResolveConfigOptions = { path: filePath, opaqueKeys: options.opaqueKeys };
  if (!isPlainObject(parsed) || parsed[BASE_KEY] === undefined) return resolveConfig(parsed, resolveOptions);
  const baseList = parsed[BASE_KEY];
  const items = Array.isArray(baseList) ? baseList : [baseList];
  const loaded: unknown[] = [];
  for (const [index, item] of items.entries()) {
    if (typeof item !== "string") {
      loaded.push(item);
      continue;
    }
    const directory = nodePath.dirname(absolutePath);
    const baseAbsolute = nodePath.resolve(directory, item);
    const relativeToWorkingDirectory = nodePath.relative(process.cwd(), baseAbsolute);
    const baseDisplay = relativeToWorkingDirectory === "" || relativeToWorkingDirectory.startsWith("..") ? baseAbsolute : relativeToWorkingDirectory;
    try {
      loaded.push(await loadResolved(baseAbsolute, baseDisplay, options, [...including, absolutePath], nodePath));
    } catch (error) {
      if (InitlibError.isInstance(error) && error.code === "INITLIB_BAD_CONFIG" && error.path === `${baseDisplay}#`) {
        const itemPath = joinConfigPath(filePath, Array.isArray(baseList) ? `${BASE_KEY}[${index}]` : BASE_KEY);
        throw new InitlibError("INITLIB_BAD_CONFIG", `the base config '${item}' cannot be read: ${error.summary}`, {
          path: itemPath,
          received: item,
          expected: `a .json, .yaml or .yml file, relative to ${displayPath}`,
          hint: error.hint,
          cause: error,
        });
      }
      throw error;
    }
  }
  return resolveConfig({ ...parsed, [BASE_KEY]: loaded }, resolveOptions);
}

async function parseConfigFile(absolutePath: string, displayPath: string): Promise<unknown> {
  const extension = absolutePath.slice(absolutePath.lastIndexOf(".")).toLowerCase();
  if (extension !== ".json" && extension !== ".yaml" && extension !== ".yml") {
    throw new InitlibError("INITLIB_BAD_CONFIG", `cannot read config files of type '${extension}'`, {
      path: `${displayPath}#`,
      received: displayPath,
      expected: "a .json, .yaml or .yml file",
      hint: extension === ".py" ? "Python configs cannot be executed here; convert it to YAML or JSON (MMEngine's Config.dump writes YAML and JSON)" : "save the config as JSON or YAML",
    });
  }
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InitlibError("INITLIB_BAD_CONFIG", code === "ENOENT" ? "the config file does not exist" : "the config file cannot be read", {
      path: `${displayPath}#`,
      received: absolutePath,
      expected: "a readable file",
      hint: "paths in _base_ are relative to the including file; others are relative to the working directory",
      cause: error,
    });
  }
  try {
    if (extension === ".json") return JSON.parse(text) as unknown;
    const { parse } = await import("yaml");
    return parse(text) as unknown;
  } catch (error) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `the config file is not valid ${extension === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`, {
      path: `${displayPath}#`,
      expected: extension === ".json" ? "JSON text" : "YAML text",
      cause: error,
    });
  }
}
