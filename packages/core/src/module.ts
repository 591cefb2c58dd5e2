import type { ModuleLike, StateEntry } from "@initlib/initializers";
import { ModuleBuffer } from "./module-buffer";
import { MODULE_IDENTITY } from "./module-symbols";
import { Parameter } from "./parameter";
import { StateTensor } from "./state-tensor";

/** What {@link Module.initVisit} tells the init pipeline about a module. */
export interface InitVisit {
  /** A BaseModule: its init_cfg is resolved and its `initWeights` follows MMEngine's BaseModule. */
  readonly isBaseModule: boolean;
  /** It has an `initWeights` of its own (a plain module's, or a BaseModule subclass's override). */
  readonly ownInitWeights: boolean;
}

/** A module class as the tree sees it: literal names for `layer` matching and torch state names. */
export interface ModuleClass {
  readonly typeName: string;
  readonly typeBases: readonly string[];
  readonly stateNames?: Readonly<Record<string, string>>;
}

/** One member of a module: its torch-style name, the property that holds it, and the value. */
interface Member<T> {
  readonly name: string;
  readonly property: string;
  readonly value: T;
}

/** A class constructor, only inspected for its own static members. */
type Constructor = abstract new (...args: never[]) => unknown;

function ownStatic<K extends keyof ModuleClass>(ctor: Constructor, key: K): ModuleClass[K] | undefined {
  return Object.prototype.hasOwnProperty.call(ctor, key) ? (ctor as unknown as ModuleClass)[key] : undefined;
}

/**
 * The module tree. Children are the properties that hold modules, parameters the properties that
 * hold a {@link Parameter}, buffers those that hold a {@link ModuleBuffer}, all in insertion order; `null`
 * means absent. Names follow torch's `state_dict` (a class may map camelCase properties to torch's
 * snake_case names through `static stateNames`, e.g. `runningMean` → `running_mean`).
 *
 * Each class declares a literal `static typeName` and its direct bases `static typeBases`, which
 * `layer` matching sees (bundlers rename classes, so `constructor.name` is only a fallback for user
 * classes that declare nothing; their direct base is then the parent class's `typeName`).
 * @example
 * class Block extends Module {
 *   static override readonly typeName = "Block";
 *   static override readonly typeBases = ["Module"];
 *   fc = new Linear({ inFeatures: 4, outFeatures: 4 });
 * }
 */
export class Module implements ModuleLike {
  static readonly typeName: string = "Module";
  static readonly typeBases: readonly string[] = [];
  /** torch state names of camelCase properties (`{ runningMean: "running_mean" }`); inherited. */
  static readonly stateNames: Readonly<Record<string, string>> = {};
  /** @internal instance-level identity for modules built from data. */
  [MODULE_IDENTITY]?: { typeName: string; typeBases: readonly string[] };
  /**
   * Whether the module counts as initialized: a parent's `initWeights()` then skips calling this
   * module's own `initWeights` (MMEngine's `is_init`, honoured on any module with one). @default false
   */
  isInit = false;

  /**
   * How an initWeights() call treats this module when it meets it as a child (the visit hook of
   * the init pipeline): a plain module runs its own `initWeights` if it has one; `BaseModule`
   * overrides this to say it is one, and whether a subclass replaced its `initWeights`.
   */
  initVisit(): InitVisit {
    return { isBaseModule: false, ownInitWeights: typeof (this as { initWeights?: unknown }).initWeights === "function" };
  }

  /** The name `layer` matches (literal per class; instances built from data may override it). */
  get typeName(): string {
    const own = this[MODULE_IDENTITY];
    if (own) return own.typeName;
    const ctor = this.constructor as Constructor;
    return ownStatic(ctor, "typeName") ?? (ctor.name || "Module");
  }

  /** Names of the direct base classes `layer` also matches. */
  get typeBases(): readonly string[] {
    const own = this[MODULE_IDENTITY];
    if (own) return own.typeBases;
    const ctor = this.constructor as Constructor;
    const declared = ownStatic(ctor, "typeBases");
    if (declared) return declared;
    const parent = Object.getPrototypeOf(ctor) as Constructor | null;
    return parent && (parent as unknown) !== Function.prototype ? [(parent as unknown as ModuleClass).typeName ?? "Module"] : [];
  }

  /**
   * Gives this instance its own class identity (for modules described as data, whose user class
   * names exist only in the description).
   * @example module.setTypeIdentity("ToyConv", ["Module"]);
   */
  setTypeIdentity(typeName: string, typeBases: readonly string[]): this {
    this[MODULE_IDENTITY] = { typeName, typeBases: Object.freeze([...typeBases]) };
    return this;
  }

  /** The torch name of a property (`runningMean` → `running_mean` where the class says so). */
  protected stateNameOf(property: string): string {
    let ctor: Constructor | null = this.constructor as Constructor;
    while (ctor && (ctor as unknown) !== Function.prototype) {
      const names = ownStatic(ctor, "stateNames");
      if (names && property in names) return names[property]!;
      ctor = Object.getPrototypeOf(ctor) as Constructor | null;
    }
    return property;
  }

  private members(): { children: Member<Module>[]; parameters: Member<Parameter>[]; buffers: Member<ModuleBuffer>[] } {
    const children: Member<Module>[] = [];
    const parameters: Member<Parameter>[] = [];
    const buffers: Member<ModuleBuffer>[] = [];
    const self = this as unknown as Record<string, unknown>;
    for (const property of Object.keys(this)) {
      const value = self[property];
      if (value instanceof Module) children.push({ name: this.stateNameOf(property), property, value });
      else if (value instanceof Parameter) parameters.push({ name: this.stateNameOf(property), property, value });
      else if (value instanceof ModuleBuffer) buffers.push({ name: this.stateNameOf(property), property, value });
    }
    return { children, parameters, buffers };
  }

  /** Direct children with their names, registration order (a module held twice is listed once). */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const { name, value } of this.members().children) {
      if (seen.has(value)) continue;
      seen.add(value);
      out.push([name, value]);
    }
    return out;
  }

  /** Direct children, registration order. @example for (const child of model.children()) ... */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module's own parameters (not its children's), `null` ones skipped. */
  ownParameters(): [string, Parameter][] {
    return this.members().parameters.map(({ name, value }) => [name, value]);
  }

  /** This module's own buffers. */
  ownBuffers(): [string, ModuleBuffer][] {
    return this.members().buffers.map(({ name, value }) => [name, value]);
  }

  /** Every module of the subtree, pre-order, each once, with its dotted path (`''` for this one). */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, path: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([path, module]);
      for (const [name, child] of module.namedChildren()) visit(child, path ? `${path}.${name}` : name);
    };
    visit(this, prefix);
    return out;
  }

  /** Every module of the subtree, pre-order. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Parameters of the subtree with dotted names: a module's own first, then its children's, depth
   * first; a tied (shared) parameter appears once, under its first name.
   * @example for (const [name, p] of model.namedParameters()) console.log(name, p.shape);
   */
  namedParameters(prefix = ""): [string, Parameter][] {
    return this.namedTensors(prefix, (m) => m.ownParameters());
  }

  /** Buffers of the subtree with dotted names, listed like {@link Module.namedParameters}. */
  namedBuffers(prefix = ""): [string, ModuleBuffer][] {
    return this.namedTensors(prefix, (m) => m.ownBuffers());
  }

  private namedTensors<T extends StateTensor>(prefix: string, own: (m: Module) => [string, T][]): [string, T][] {
    const out: [string, T][] = [];
    const seen = new Set<T>();
    for (const [path, module] of this.namedModules(prefix)) {
      for (const [name, tensor] of own(module)) {
        if (seen.has(tensor)) continue;
        seen.add(tensor);
        out.push([path ? `${path}.${name}` : name, tensor]);
      }
    }
    return out;
  }

  /** Parameters of the subtree. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * torch's `Module.apply` order: children first (registration order), then this module. A module
   * reachable twice (shared, or a cycle) is visited once.
   */
  *modulesPostOrder(seen: Set<Module> = new Set()): Generator<Module> {
    if (seen.has(this)) return;
    seen.add(this);
    for (const child of this.children()) yield* child.modulesPostOrder(seen);
    yield this;
  }

  /** Parameters and buffers as torch's `state_dict()` lists them (per module: parameters, buffers; then children), tied ones once. */
  *stateEntries(): Generator<StateEntry & { readonly tensor: StateTensor }> {
    const seen = new Set<StateTensor>();
    for (const [path, module] of this.namedModules()) {
      const prefix = path ? `${path}.` : "";
      for (const [name, tensor] of module.ownParameters()) {
        if (seen.has(tensor)) continue;
        seen.add(tensor);
        yield { name: prefix + name, tensor, kind: "parameter" };
      }
      for (const [name, tensor] of module.ownBuffers()) {
        if (seen.has(tensor)) continue;
        seen.add(tensor);
        yield { name: prefix + name, tensor, kind: "buffer" };
      }
    }
  }

  /**
   * The member called `name` on this module: a property name or its torch name (`outProj` or
   * `out_proj`), a child, parameter or buffer; undefined when absent or `null`.
   */
  member(name: string): Module | StateTensor | undefined {
    const { children, parameters, buffers } = this.members();
    for (const list of [children, parameters, buffers] as Member<Module | StateTensor>[][]) {
      const hit = list.find((m) => m.property === name || m.name === name);
      if (hit) return hit.value;
    }
    return undefined;
  }

  /** The submodule at a dotted path (`backbone.layer1.0`), undefined when absent. @example model.getSubmodule("stages.0") */
  getSubmodule(path: string): Module | undefined {
    if (path === "") return this;
    return path.split(".").reduce<Module | undefined>((current, part) => {
      const next = current?.member(part);
      return next instanceof Module ? next : undefined;
    }, this);
  }
}
