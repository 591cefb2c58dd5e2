import type { ParamLike, WritableParam } from "./param-like";

/** What the module-level functions act on: anything with an optional `weight` and `bias`. */
export interface InitTarget {
  weight?: WritableParam | ParamLike | null;
  bias?: WritableParam | ParamLike | null;
}

/** A state entry of a module: parameter or buffer, under its dotted name relative to the module. */
export interface StateEntry {
  readonly name: string;
  readonly tensor: ParamLike;
  readonly kind: "parameter" | "buffer";
}

/**
 * The structural view of a module that initializers need for `layer` matching and loading:
 * implemented by `@initlib/core`'s `Module` and by wrapped tfjs-layers models.
 */
export interface ModuleLike {
  /** Literal class name `layer` matches, e.g. `Conv2d` (never `constructor.name`). */
  readonly typeName: string;
  /** Names of the direct base classes, e.g. `['_ConvNd']`; BaseModule containers have two. */
  readonly typeBases: readonly string[];
  readonly weight?: ParamLike | null;
  readonly bias?: ParamLike | null;
  /** Every module of the subtree in torch's `Module.apply` order: children first, then this one. */
  modulesPostOrder(): Iterable<ModuleLike>;
  /** Parameters then buffers as torch's `state_dict()` lists them (tied ones once). */
  stateEntries(): Iterable<StateEntry>;
}
