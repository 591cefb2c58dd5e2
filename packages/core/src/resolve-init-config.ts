import { buildInitializer, type WeightInitializer, WEIGHT_INITIALIZERS } from "@initlib/initializers";
import { InitlibError, isPlainObject } from "@initlib/registry";
import { locate } from "./locate-error";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { loadedParameterRules } from "./load-parameter-rules";
import type { ParameterPattern } from "./parameter-pattern";
import { StateTensor } from "./state-tensor";

// The resolve stage of an initWeights() call: init_cfg (MMEngine's grammar) to resolved entries,
// every initializer built and every override target found, before anything runs. Pure: no backend,
// no tensor is touched; every problem is collected with its config path (validate-init-call.ts
// reports them together).
/** An override of an entry: the submodule it names and the initializer built for it. */
export interface ResolvedOverride {
  readonly path: string;
  readonly target: Module;
  readonly initializer: WeightInitializer;
}

/** One init_cfg entry, resolved: its initializer, whether it is Pretrained or has `layer`, its overrides. */
export interface ResolvedEntry {
  readonly path: string;
  readonly initializer: WeightInitializer;
  readonly pretrained: boolean;
  readonly hasLayer: boolean;
  /**
   * The entry's `params` patterns, compiled; undefined when it has none. With `params` the entry
   * writes only the parameters they select (and, with `layer`, only those of matching layers).
   */
  readonly params?: readonly ParameterPattern[];
  readonly overrides: readonly ResolvedOverride[];
}

const PRETRAINED = "Pretrained";

/**
 * Whether an entry's `type` is `Pretrained` as the registry resolves it: the name, a scoped name
 * (`mmengine.Pretrained`) or an alias that finds the same class, or the class itself.
 */
export function isPretrainedType(type: unknown): boolean {
  if (type === PRETRAINED) return true;
  const registered = WEIGHT_INITIALIZERS.has(PRETRAINED) ? WEIGHT_INITIALIZERS.get(PRETRAINED) : undefined;
  if (registered === undefined) return false;
  if (typeof type === "function") return type === registered;
  return typeof type === "string" && WEIGHT_INITIALIZERS.get(type) === registered;
}

function typeLabel(type: unknown): string {
  if (typeof type === "string") return type;
  if (typeof type === "function") return (type as { initializerName?: string; name?: string }).initializerName ?? (type as { name: string }).name;
  return String(type);
}

/** How {@link resolveInitConfig} treats an empty config and where it reports what it notices. */
export interface ResolveOptions {
  /** `initialize(module, cfg)` (strict) refuses an empty config; a module's own `initCfg` may be empty. */
  readonly strict: boolean;
  /** Receives the warning for an entry that initializes nothing. */
  readonly warn: (message: string) => void;
  /**
   * Receives every problem found (an entry or override that cannot be resolved is left out of the
   * result), so that a caller reports them all at once. Without it the first problem is thrown.
   */
  readonly problems?: InitlibError[];
  /** A `params` pattern that matches no parameter is a problem (`INITLIB_BAD_CONFIG`), not a warning. @default false */
  readonly strictParams?: boolean;
}

/**
 * Resolves one init_cfg (an entry or a list) of `module` at config path `base`: each entry's
 * initializer is built from `WEIGHT_INITIALIZERS` (arguments validated), each override's target
 * found (dotted names allowed), `Pretrained` entries given the model file's defaults. Every entry
 * and every override is resolved on its own, so one config yields all of its problems.
 * @example
 * const entries = resolveInitConfig(model, model.initCfg, "Net.initCfg", undefined, { strict: false, warn: console.warn });
 */
export function resolveInitConfig(
  module: Module,
  cfg: unknown,
  base: string,
  pretrainedDefaults: Readonly<Record<string, unknown>> | undefined,
  { strict, warn, problems, strictParams = false }: ResolveOptions,
): ResolvedEntry[] {
  const found: InitlibError[] = problems ?? [];
  const before = found.length;
  const entries: ResolvedEntry[] = [];
  const empty = cfg === null || cfg === undefined || (Array.isArray(cfg) && cfg.length === 0);
  if (empty && !strict) return entries;
  if (!Array.isArray(cfg) && !isPlainObject(cfg)) {
    found.push(
      new InitlibError("INITLIB_BAD_CONFIG", "init_cfg must be a dict or a list of dict", {
        path: base,
        received: cfg,
        expected: "an object { type, ... } or a list of them" + (strict ? "" : " (or null)"),
      }),
    );
  } else {
    const list: unknown[] = Array.isArray(cfg) ? cfg : [cfg];
    list.forEach((raw, index) => {
      const path = Array.isArray(cfg) ? `${base}[${index}]` : base;
      const entry = collecting(found, () => resolveEntry(module, raw, path, pretrainedDefaults, { warn, strictParams }, found));
      if (entry) entries.push(entry);
    });
  }
  if (problems === undefined && found.length > before) throw InitlibError.aggregate(`${base} has ${found.length} problems`, found, { hint: "fix each problem listed; nothing was written" });
  return entries;
}

/** Runs `resolve`; an InitlibError it throws joins `problems` (anything else is a bug and propagates). */
function collecting<T>(problems: InitlibError[], resolve: () => T): T | undefined {
  try {
    return resolve();
  } catch (error) {
    if (!InitlibError.isInstance(error)) throw error;
    problems.push(error);
    return undefined;
  }
}

function resolveEntry(
  module: Module,
  raw: unknown,
  path: string,
  pretrainedDefaults: Readonly<Record<string, unknown>> | undefined,
  { warn, strictParams }: { warn: (message: string) => void; strictParams: boolean },
  problems: InitlibError[],
): ResolvedEntry | undefined {
  if (!isPlainObject(raw)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "every init_cfg entry must be a dict", { path, received: raw, expected: "{ type: 'Kaiming', ... }" });
  }
  const { override, params: rawParams, ...rest } = raw as Record<string, unknown>;
  const before = problems.length;
  let pretrained = false;
  let initializer: WeightInitializer | undefined;
  if (!("type" in rest) || rest.type === undefined) {
    problems.push(
      new InitlibError("INITLIB_MISSING_TYPE", "an init_cfg entry needs a `type`", {
        path: `${path}.type`,
        received: raw,
        expected: `a registered initializer name: ${[...WEIGHT_INITIALIZERS.names()].join(", ")}`,
      }),
    );
  } else {
    pretrained = isPretrainedType(rest.type);
    initializer = collecting(problems, () => buildChecked(pretrained ? { ...pretrainedDefaults, ...rest } : rest, path));
  }
  // `null` (Python's None) means "not given", as MMEngine reads `layer=None` and `override=None`.
  const hasLayer = rest.layer !== undefined && rest.layer !== null && !(Array.isArray(rest.layer) && rest.layer.length === 0);
  const params = rawParams === undefined || rawParams === null ? undefined : resolveParams(module, rawParams, `${path}.params`, pretrained, { warn, strictParams }, problems);
  const overrides: ResolvedOverride[] = [];
  if (override !== undefined && override !== null) {
    if (!isPlainObject(override) && !Array.isArray(override)) {
      problems.push(new InitlibError("INITLIB_BAD_CONFIG", "override must be a dict or a list of dict", { path: `${path}.override`, received: override }));
    } else {
      const { layer: _layer, ...parentArgs } = rest;
      const list: unknown[] = Array.isArray(override) ? override : [override];
      list.forEach((item, index) => {
        const overridePath = Array.isArray(override) ? `${path}.override[${index}]` : `${path}.override`;
        const resolved = collecting(problems, () => resolveOverride(module, item, parentArgs, overridePath, pretrainedDefaults));
        if (resolved) overrides.push(resolved);
      });
    }
  }
  if (initializer === undefined || problems.length > before) return undefined;
  if (!hasLayer && params === undefined && overrides.length === 0 && !pretrained) {
    warn(
      `${path} (${typeLabel(rest.type)}) has neither \`layer\` nor \`override\`, so it initializes nothing (MMEngine ignores it silently); add layer: [...], params: [...] or override: { name }`,
    );
  }
  return { path, initializer, pretrained, hasLayer, ...(params === undefined ? {} : { params }), overrides };
}

/**
 * An entry's `params`, compiled, each pattern checked against the parameters of `module`: one that
 * matches nothing is a warning naming it, or a problem under `strictParams`.
 */
function resolveParams(
  module: Module,
  raw: unknown,
  path: string,
  pretrained: boolean,
  { warn, strictParams }: { warn: (message: string) => void; strictParams: boolean },
  problems: InitlibError[],
): readonly ParameterPattern[] | undefined {
  if (pretrained) {
    problems.push(
      new InitlibError("INITLIB_BAD_CONFIG", "Pretrained does not take params", {
        path,
        received: raw,
        expected: "params on a fill rule (Normal, Kaiming, Constant, ...)",
        hint: "Pretrained loads every key it finds (select keys with its prefix argument); a later-running rule cannot overwrite it, so initialize the rest with rules before it",
      }),
    );
    return undefined;
  }
  const before = problems.length;
  const { readParameterPatterns, selectParameters } = loadedParameterRules();
  const patterns = readParameterPatterns(raw, path, problems);
  if (problems.length > before) return undefined;
  const { matchesByPattern } = selectParameters(module, patterns);
  matchesByPattern.forEach(({ pattern, names }, index) => {
    if (names.length > 0) return;
    const where = Array.isArray(raw) ? `${path}[${index}]` : path;
    const message = `${where} '${pattern.source}' matches no parameter of ${module.typeName} (names are relative to the module whose init_cfg holds the rule)`;
    if (strictParams) {
      problems.push(
        new InitlibError("INITLIB_BAD_CONFIG", `params pattern '${pattern.source}' matches no parameter`, {
          path: where,
          received: pattern.source,
          expected: `a pattern matching one of: ${module
            .namedParameters()
            .slice(0, 8)
            .map(([name]) => name)
            .join(", ")}${module.namedParameters().length > 8 ? ", ..." : ""}`,
          hint: "names are relative to the module whose init_cfg holds the rule; '*' matches one segment, '**' any number",
        }),
      );
    } else warn(message);
  });
  return patterns;
}

function resolveOverride(
  module: Module,
  raw: unknown,
  parentArgs: Record<string, unknown>,
  path: string,
  pretrainedDefaults: Readonly<Record<string, unknown>> | undefined,
): ResolvedOverride {
  if (!isPlainObject(raw)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "override must be a dict or a list of dict", { path, received: raw });
  }
  const { name, ...rest } = raw as Record<string, unknown>;
  if (rest.params !== undefined && rest.params !== null) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "params is not accepted inside override", {
      path: `${path}.params`,
      received: rest.params,
      expected: "an override without params (it initializes its whole submodule)",
      hint: "put params on an init_cfg entry of its own, e.g. { type, params: 'head.**' } (names relative to the module with the init_cfg)",
    });
  }
  if (name === undefined) {
    throw new InitlibError("INITLIB_BAD_CONFIG", '`override` must contain the key "name"', {
      path: `${path}.name`,
      received: raw,
      expected: "the name of a submodule, e.g. { name: 'head', type: 'Normal', std: 0.01 }",
    });
  }
  if (typeof name !== "string") {
    throw new InitlibError("INITLIB_BAD_CONFIG", "override.name must be a string", { path: `${path}.name`, received: name });
  }
  let args: Record<string, unknown>;
  if (Object.keys(rest).length === 0) args = parentArgs;
  else if (rest.type === undefined) {
    throw new InitlibError("INITLIB_MISSING_TYPE", '`override` needs a "type" key when it has arguments besides "name"', {
      path: `${path}.type`,
      received: rest,
      hint: "add type, or give only { name } to reuse the parent entry's type and arguments",
    });
  } else args = rest;
  const target = findOverrideTarget(module, name, `${path}.name`);
  const initializer = buildChecked(isPretrainedType(args.type) ? { ...pretrainedDefaults, ...args } : args, path);
  return { path, target, initializer };
}

function findOverrideTarget(module: Module, name: string, path: string): Module {
  let current: Module = module;
  const parts = name.split(".");
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const next = current.member(part);
    if (next instanceof Module) {
      current = next;
      continue;
    }
    const walked = parts.slice(0, index + 1).join(".");
    if (next instanceof StateTensor) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `override.name '${walked}' is a ${next instanceof Parameter ? "parameter" : "buffer"}, not a module`, {
        path,
        received: name,
        expected: "the name of a submodule (overrides initialize whole modules)",
        hint: "name the module that holds it, e.g. the parent layer",
      });
    }
    const available = current.namedChildren().map(([child]) => child);
    throw new InitlibError("INITLIB_MISSING_MODULE", `${module.typeName} has no submodule '${walked}'`, {
      path,
      received: name,
      expected: available.length > 0 ? `one of: ${available.join(", ")} (dotted paths allowed)` : "a submodule name, but this module has no children",
    });
  }
  return current;
}

function buildChecked(args: Record<string, unknown>, path: string): WeightInitializer {
  try {
    return buildInitializer(args, path);
  } catch (error) {
    throw locate(error, path, "INITLIB_BUILD_FAILED", "building the initializer failed");
  }
}
