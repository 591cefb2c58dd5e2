import { InitlibError, joinConfigPath } from "./initlib-error";
import { parseConfigText } from "./parse-config-text";
import { isPlainObject } from "./plain-object";
import { BASE_KEY, resolveConfig, type ResolveConfigOptions } from "./resolve-config";

/** Options of {@link loadConfigFile}. */
export interface LoadConfigFileOptions {
  /**
   * Keys whose values are data and keep their inner keys' spelling (see `normalizeKeys`).
   * @default DEFAULT_OPAQUE_KEYS
   */
  opaqueKeys?: Iterable<string>;
  /** Keep keys as written (model files keep MMEngine's snake_case). @default false */
  preserveKeys?: boolean;
  /** Longest chain of `_base_` includes below the file given. @default 64 */
  maxIncludeDepth?: number;
  /** Most distinct files one call may read (the file given and every base). @default 1000 */
  maxIncludedFiles?: number;
  /** Largest config file, in bytes. @default 16 MiB */
  maxFileBytes?: number;
}

type PathModule = typeof import("node:path");

/** What one {@link loadConfigFile} call shares across its includes: each file is read and resolved once. */
interface LoadContext {
  readonly options: LoadConfigFileOptions;
  readonly nodePath: PathModule;
  readonly resolved: Map<string, Promise<unknown>>;
}

/**
 * Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`) config file in Node and resolves it with
 * `resolveConfig`: snake_case keys become camelCase, and `_base_` entries that are file paths are
 * loaded relative to the including file (bases may include further bases; a cycle is an error).
 * Node only: outside Node the package's `#load-config-file` import resolves to a stand-in that
 * fails with `INITLIB_BAD_ARGUMENT` (see `load-config-file-browser.ts`).
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
  return loadResolved(nodePath.resolve(path), path, [], { options, nodePath, resolved: new Map() });
}

async function loadResolved(absolutePath: string, displayPath: string, including: readonly string[], context: LoadContext): Promise<unknown> {
  const { options, nodePath } = context;
  if (including.includes(absolutePath)) {
    const chain = [...including, absolutePath].map((file) => nodePath.basename(file)).join(" → ");
    throw new InitlibError("INITLIB_CONFIG_CYCLE", `config files include each other in a cycle: ${chain}`, {
      path: `${displayPath}#${BASE_KEY}`,
      received: displayPath,
      expected: `${BASE_KEY} files that do not lead back to an including file`,
    });
  }
  const maxDepth = options.maxIncludeDepth ?? 64;
  if (including.length > maxDepth) {
    throw new InitlibError("INITLIB_CONFIG_LIMIT", `config files include each other more than ${maxDepth} levels deep`, {
      path: `${displayPath}#${BASE_KEY}`,
      expected: `at most ${maxDepth} levels of ${BASE_KEY}`,
      hint: "flatten the chain of bases, or raise maxIncludeDepth",
    });
  }
  // Once per file and call, by real path: a file reached along many include paths (a diamond)
  // is read and resolved once, so the work grows with the number of files, not of paths.
  const { realpath } = await import("node:fs/promises");
  const key = await realpath(absolutePath).catch(() => absolutePath);
  const known = context.resolved.get(key);
  if (known !== undefined) return known;
  const maxFiles = options.maxIncludedFiles ?? 1000;
  if (context.resolved.size >= maxFiles) {
    throw new InitlibError("INITLIB_CONFIG_LIMIT", `the config includes more than ${maxFiles} files`, {
      path: `${displayPath}#`,
      expected: `at most ${maxFiles} distinct files`,
      hint: "raise maxIncludedFiles if this is intended",
    });
  }
  const pending = resolveFile(absolutePath, displayPath, including, context);
  context.resolved.set(key, pending);
  return pending;
}

async function resolveFile(absolutePath: string, displayPath: string, including: readonly string[], context: LoadContext): Promise<unknown> {
  const { options, nodePath } = context;
  const parsed = await parseConfigFile(absolutePath, displayPath, options.maxFileBytes ?? 16 * 2 ** 20);
  const filePath = `${displayPath}#`;
  const resolveOptions: ResolveConfigOptions = { path: filePath, opaqueKeys: options.opaqueKeys, preserveKeys: options.preserveKeys };
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
      loaded.push(await loadResolved(baseAbsolute, baseDisplay, [...including, absolutePath], context));
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

async function parseConfigFile(absolutePath: string, displayPath: string, maxBytes: number): Promise<unknown> {
  const extension = absolutePath.slice(absolutePath.lastIndexOf(".")).toLowerCase();
  if (extension !== ".json" && extension !== ".yaml" && extension !== ".yml") {
    throw new InitlibError("INITLIB_BAD_CONFIG", `cannot read config files of type '${extension}'`, {
      path: `${displayPath}#`,
      received: displayPath,
      expected: "a .json, .yaml or .yml file",
      hint: extension === ".py" ? "Python configs cannot be executed here; convert it to YAML or JSON (MMEngine's Config.dump writes YAML and JSON)" : "save the config as JSON or YAML",
    });
  }
  const { readFile, stat } = await import("node:fs/promises");
  let text: string;
  try {
    const stats = await stat(absolutePath);
    if (!stats.isFile()) {
      throw new InitlibError("INITLIB_BAD_CONFIG", "the config path is not a regular file", { path: `${displayPath}#`, received: absolutePath, expected: "a .json, .yaml or .yml file" });
    }
    if (stats.size > maxBytes) {
      throw new InitlibError("INITLIB_CONFIG_LIMIT", `the config file holds ${stats.size} bytes`, { path: `${displayPath}#`, expected: `at most ${maxBytes} bytes`, hint: "raise maxFileBytes if this is intended" });
    }
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    if (InitlibError.isInstance(error)) throw error;
    const code = (error as { code?: string }).code;
    throw new InitlibError("INITLIB_BAD_CONFIG", code === "ENOENT" ? "the config file does not exist" : "the config file cannot be read", {
      path: `${displayPath}#`,
      received: absolutePath,
      expected: "a readable file",
      hint: "paths in _base_ are relative to the including file; others are relative to the working directory",
      cause: error,
    });
  }
  return parseConfigText(text, extension === ".json" ? "json" : "yaml", displayPath);
}
