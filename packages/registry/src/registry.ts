import { describeValue, InitlibError, joinConfigPath } from "./initlib-error";
import { defineOwn, isPlainObject } from "./plain-object";
import type { Buildable, BuildResult, DirectTargetConfig, GenericEntryMap, RegistryConfig } from "./registry-types";
import type { BuildOptions, RegisterOptions } from "./registry-options";
import { validateNames } from "./registered-names";
import { detectTargetKind, invokeTarget, type TargetKind } from "./target-kind";
import { unknownTypeError } from "./unknown-type-error";

export type { BuildOptions, RegisterOptions } from "./registry-options";

/** Options of `new Registry(name, options)`. */
export interface RegistryOptions {
  /**
   * The scope that prefixes this registry's names in scoped keys (`'mmengine.Constant'`) and keys it
   * among its parent's children. MMEngine's own registries use `'mmengine'`.
   * @default "initlib"
   */
  scope?: string;
  /** A registry to fall back on for unscoped names; this registry becomes its child under `scope`. */
  parent?: AnyRegistry;
}

/** A registry of any target and entry map, as a parent or child of another. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parent may hold any targets; only lookups cross registries
export type AnyRegistry = Registry<any, any>;

/** One registered target with the way `build` calls it. */
interface Entry {
  readonly target: unknown;
  readonly kind: TargetKind;
}

// Symbol.for keys: registries from two copies of the package can still form one tree.
const REGISTRY_MARKER = Symbol.for("@initlib/registry");
const LOOKUP = Symbol.for("@initlib/registry/lookup");
const OWN_ENTRY = Symbol.for("@initlib/registry/own-entry");
const ADD_CHILD = Symbol.for("@initlib/registry/add-child");

/** Largest number of registered names an unknown-type error lists. */

/**
 * A registry of classes and factories built from `{ type, ...args }` configs, with MMEngine's
 * `Registry` semantics: aliases, `force`, scoped keys (`'mmengine.Constant'`), parent fall-back for
 * unscoped names, children keyed by scope.
 *
 * `T` is the type of what is registered; `Entries` maps each registered name to its argument
 * object and makes `build` type-check configs (a discriminated union on `type`, see
 * {@link RegistryConfig}). Use an `interface` as the map to let other packages add entries by
 * module augmentation, or {@link createRegistry} to infer it.
 * @example
 * const LAYERS = new Registry<typeof Dense>("layer");
 * LAYERS.register("Dense", Dense);
 * const dense = LAYERS.build({ type: "Dense", units: 4 }); // new Dense({ units: 4 })
 */
export class Registry<T = unknown, Entries extends object = GenericEntryMap> {
  /** The registry's name as used in messages, e.g. `'weight initializer'`. */
  readonly name: string;
  /** The registry's scope, e.g. `'mmengine'`. */
  readonly scope: string;
  /** The registry unscoped names fall back on, if any. */
  readonly parent: AnyRegistry | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #children = new Map<string, AnyRegistry>();
  readonly [REGISTRY_MARKER] = true;

  constructor(name: string, options: RegistryOptions = {}) {
    if (typeof name !== "string" || name.trim() === "") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a registry needs a name", {
        path: "new Registry(name)",
        received: name,
        expected: "a non-empty string such as 'weight initializer'",
      });
    }
    if (!isPlainObject(options)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "registry options must be an object", {
        path: "new Registry(options)",
        received: options,
        expected: "{ scope?: string, parent?: Registry }",
      });
    }
    const scope = options.scope ?? "initlib";
    if (typeof scope !== "string" || scope === "" || scope.includes(".")) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a registry scope must be a non-empty string without '.'", {
        path: "new Registry(options.scope)",
        received: scope,
        expected: "a package-like name such as 'mmengine' or 'acme'",
        hint: "scoped keys are split at the first '.', so a scope cannot contain one",
      });
    }
    const parent = options.parent;
    if (parent !== undefined && !Registry.isInstance(parent)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a registry's parent must be a Registry", {
        path: "new Registry(options.parent)",
        received: parent,
        expected: "a Registry instance or undefined",
      });
    }
    this.name = name;
    this.scope = scope;
    this.parent = parent;
    // MMEngine: a child is added to its parent's children keyed by scope; a second child with the
    // same scope fails ("scope same exists in p2 registry").
    if (parent !== undefined) parent[ADD_CHILD](this);
  }

  /**
   * Whether `value` is a Registry, also one created by another copy of this package.
   * @example
   * Registry.isInstance(WEIGHT_INITIALIZERS); // true
   */
  static isInstance(value: unknown): value is AnyRegistry {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REGISTRY_MARKER] === true;
  }

  /** `<scope>::<name>`, the way MMEngine names a registry in messages (`mmengine::weight initializer`). */
  get qualifiedName(): string {
    return `${this.scope}::${this.name}`;
  }

  /** The registries whose parent this one is, keyed by their scope, in creation order. */
  get children(): ReadonlyMap<string, AnyRegistry> {
    return new Map(this.#children);
  }

  /** The top of the parent chain (this registry when it has no parent). */
  get root(): AnyRegistry {
    let registry: AnyRegistry | undefined = this.parent;
    if (registry === undefined) return this;
    while (registry.parent !== undefined) registry = registry.parent;
    return registry;
  }

  /** How many names are registered here (aliases count once each; parents and children not included). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Registers `target` under `name`, or under each of several alias names. A taken name fails with
   * `INITLIB_DUPLICATE_NAME` unless `force` is true, in which case the entry is replaced. Nothing is
   * registered when any check fails.
   * @returns `target`, unchanged
   * @example
   * WEIGHT_INITIALIZERS.register(["acme.Orthogonal", "Orthogonal"], OrthogonalInit);
   */
  register<Target extends T>(name: string | readonly string[], target: Target, options: RegisterOptions = {}): Target {
    if (!isPlainObject(options)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "register options must be an object", {
        path: "register(options)",
        received: options,
        expected: "{ force?: boolean, kind?: 'class' | 'factory' }",
      });
    }
    const force = options.force ?? false;
    // MMEngine checks force and name before anything else, and requires a real boolean.
    if (typeof force !== "boolean") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "force must be a boolean", {
        path: "register(options.force)",
        received: force,
        expected: "true or false",
      });
    }
    const names = validateNames(name);
    if (typeof target !== "function") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a registered target must be a class or a function", {
        path: "register(target)",
        received: target,
        expected: "a class (built with new) or a factory function (called) that takes one argument object",
      });
    }
    const kind = options.kind ?? detectTargetKind(target as Buildable);
    if (kind !== "class" && kind !== "factory") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "kind must be 'class' or 'factory'", {
        path: "register(options.kind)",
        received: kind,
        expected: "'class' (built with new) or 'factory' (called)",
      });
    }
    if (!force) {
      for (const key of names) {
        const existing = this.#entries.get(key);
        if (existing === undefined) continue;
        throw new InitlibError("INITLIB_DUPLICATE_NAME", `'${key}' is already registered in the ${this.qualifiedName} registry`, {
          path: "register(name)",
          received: key,
          expected: `a name not yet taken (it holds ${describeValue(existing.target)})`,
          hint: "pick another name, put it in your own scope ('acme.Name'), or pass { force: true } to replace the entry",
        });
      }
    }
    for (const key of names) this.#entries.set(key, { target, kind });
    return target;
  }

  /**
   * The target registered under `key`, or `undefined`. `key` is `'Name'` or `'scope.Name'`,
   * resolved as MMEngine's `Registry.get`:
   *
   * - a name registered here verbatim (dots included, e.g. `'acme.Orthogonal'`) is found first;
   * - no scope, or this registry's own scope: look here; with no scope written, then walk up the
   *   parents (parents only, never their children);
   * - another scope: ask the child registry of that scope; else ask the root registry if the scope
   *   is the root's own or one of the root's children's.
   * @example
   * WEIGHT_INITIALIZERS.get("mmengine.Constant"); // ConstantInit
   */
  get(key: string): T | undefined {
    if (typeof key !== "string") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a registry key must be a string", {
        path: `${this.qualifiedName}.get(key)`,
        received: key,
        expected: "'Name' or 'scope.Name'",
      });
    }
    return this[LOOKUP](key)?.target as T | undefined;
  }

  /**
   * Whether {@link Registry.get} finds `key` (so, as in MMEngine, also through the parents).
   * @example
   * child.has("RootThing"); // true when the parent registers RootThing
   */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * The names registered here, in registration order (parents and children not included).
   * @example
   * WEIGHT_INITIALIZERS.names(); // ["Constant", "Xavier", ...]
   */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * `[name, target]` for every name registered here, in registration order.
   * @example
   * for (const [name, target] of registry) console.log(name, target);
   */
  *[Symbol.iterator](): IterableIterator<[string, T]> {
    for (const [key, entry] of this.#entries) yield [key, entry.target as T];
  }

  /**
   * Builds the object a config describes, as MMEngine's `build_from_cfg`:
   *
   * 1. `cfg` must be a plain object; `type` comes from `cfg`, else from `defaults`;
   * 2. the arguments are `cfg`'s keys, plus each key of `defaults` that `cfg` lacks (keys whose
   *    value is `undefined` count as absent);
   * 3. `_scope_` is removed and ignored (MMEngine switches the default scope with it; initlib
   *    resolves scoped names through the registry tree instead);
   * 4. `type` is a registered name (looked up with {@link Registry.get}) or a class/factory itself;
   * 5. the target receives the remaining keys as one argument object: `new Target(args)` for a
   *    class, `Target(args)` for a factory (see {@link RegisterOptions.kind}).
   *
   * An error the target raises is wrapped as `INITLIB_BUILD_FAILED` with the config path and
   * `{ cause }`; an error that already is an `InitlibError` (an argument check of the target) keeps
   * its code and gets the config path as prefix of its own.
   * @example
   * WEIGHT_INITIALIZERS.build({ type: "Kaiming", mode: "fan_in" }, undefined, { path: "initCfg[0]" });
   */
  build(cfg: RegistryConfig<Entries> | DirectTargetConfig, defaults?: Readonly<Record<string, unknown>>, options?: BuildOptions): BuildResult<T>;
  build(
    cfg: Readonly<Record<string, unknown>>,
    defaults: { readonly type: (keyof Entries & string) | Buildable; readonly [key: string]: unknown },
    options?: BuildOptions,
  ): BuildResult<T>;
  build(cfg: unknown, defaults?: unknown, options: BuildOptions = {}): BuildResult<T> {
    const path = options.path ?? "";
    if (!isPlainObject(cfg)) {
      throw new InitlibError("INITLIB_BAD_CONFIG", "a config must be a plain object", {
        path: path || "cfg",
        received: cfg,
        expected: "an object such as { type: 'Name', ...arguments }",
      });
    }
    if (defaults !== undefined && !isPlainObject(defaults)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "default arguments must be a plain object", {
        path: "build(defaults)",
        received: defaults,
        expected: "an object of arguments, or undefined",
      });
    }
    // The arguments: cfg's keys, then defaults for what cfg lacks; `type` and `_scope_` set aside.
    const args: Record<string, unknown> = {};
    let type: unknown = undefined;
    for (const source of defaults === undefined ? [cfg] : [cfg, defaults]) {
      for (const key in source) {
        if (!Object.hasOwn(source, key)) continue;
        const value = source[key];
        if (value === undefined || key === "_scope_") continue;
        if (key === "type") {
          if (type === undefined) type = value;
        } else if (!Object.hasOwn(args, key)) {
          defineOwn(args, key, value);
        }
      }
    }
    if (type === undefined) {
      throw new InitlibError("INITLIB_MISSING_TYPE", 'a config must say which entry to build in its "type" key', {
        path: path || "cfg",
        received: defaults === undefined ? cfg : { cfg, defaults },
        expected: `a "type" key in the config or in the default arguments, naming an entry of the ${this.qualifiedName} registry`,
        hint: this.size > 0 ? `add type: '${this.names()[0]}' (or another registered name)` : "add type: 'Name' with a registered name",
      });
    }
    const entry = this.#resolveType(type, joinConfigPath(path, "type"));
    try {
      return invokeTarget(entry.target, entry.kind, args) as BuildResult<T>;
    } catch (error) {
      if (InitlibError.isInstance(error)) {
        if (path === "") throw error;
        throw typeof error.withPathPrefix === "function" ? error.withPathPrefix(path) : error;
      }
      const reason = error instanceof Error ? error.message : describeValue(error);
      throw new InitlibError("INITLIB_BUILD_FAILED", `building ${describeType(type)} failed: ${reason}`, {
        path: path || "cfg",
        received: cfg,
        hint: "the target raised this error; see `cause` for its stack",
        cause: error,
      });
    }
  }

  /** `<scope>::<name>`. */
  toString(): string {
    return this.qualifiedName;
  }

  #resolveType(type: unknown, path: string): Entry {
    if (typeof type === "function") return { target: type, kind: detectTargetKind(type as Buildable) };
    if (typeof type !== "string") {
      throw new InitlibError("INITLIB_BAD_CONFIG", "type must be a registered name or a class/factory", {
        path,
        received: type,
        expected: `a name registered in the ${this.qualifiedName} registry, or a class or function`,
      });
    }
    const entry = this[LOOKUP](type);
    if (entry !== undefined) return entry;
    const reachable = this.#reachableNames();
    throw unknownTypeError(type, this.qualifiedName, reachable, [...reachable, ...this.names().map((key) => `${this.scope}.${key}`)], path);
  }

  /** Keys that resolve from here: own and ancestors' names, then `scope.Name` of the children's. */
  #reachableNames(): string[] {
    const visible: string[] = this.names();
    for (let parent = this.parent; parent !== undefined; parent = parent.parent) visible.push(...parent.names());
    for (const [scope, child] of this.#children) visible.push(...child.names().map((key: string) => `${scope}.${key}`));
    return [...new Set(visible)];
  }

  /** Own entry under exactly `key`. Symbol-keyed so that registries of two package copies interoperate. */
  [OWN_ENTRY](key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  /** MMEngine's `Registry.get`, returning the entry (target and kind). */
  [LOOKUP](key: string): Entry | undefined {
    const verbatim = this.#entries.get(key);
    if (verbatim !== undefined) return verbatim;
    const dot = key.indexOf(".");
    const scope = dot < 0 ? undefined : key.slice(0, dot);
    const rest = dot < 0 ? key : key.slice(dot + 1);
    if (scope === undefined || scope === this.scope) {
      const own = this.#entries.get(rest);
      if (own !== undefined || scope !== undefined) return own;
      for (let parent = this.parent; parent !== undefined; parent = parent.parent) {
        const inherited = parent[OWN_ENTRY](rest);
        if (inherited !== undefined) return inherited;
      }
      return undefined;
    }
    const child = this.#children.get(scope);
    if (child !== undefined) return child[LOOKUP](rest);
    const root = this.root;
    if (root === this) return undefined;
    // MMEngine asks the root only when it can answer; otherwise root.get would recurse forever.
    if (scope === root.scope || root.children.has(scope) || root[OWN_ENTRY](key) !== undefined) return root[LOOKUP](key);
    return undefined;
  }

  [ADD_CHILD](child: AnyRegistry): void {
    if (this.#children.has(child.scope)) {
      throw new InitlibError("INITLIB_DUPLICATE_NAME", `scope '${child.scope}' already exists among the children of the ${this.qualifiedName} registry`, {
        path: "new Registry(options.scope)",
        received: child.scope,
        expected: `a scope none of its siblings uses (taken: ${[...this.#children.keys()].map((scope) => `'${scope}'`).join(", ")})`,
        hint: "give each child registry of one parent its own scope, usually the name of the package that creates it",
      });
    }
    this.#children.set(child.scope, child);
  }
}

function describeType(type: unknown): string {
  return typeof type === "string" ? `'${type}'` : describeValue(type);
}
