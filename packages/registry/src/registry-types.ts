/** Anything a registry can hold: a class (built with `new`) or a factory function (called). */
export type Buildable = (new (...args: never[]) => unknown) | ((...args: never[]) => unknown);

/** The entry map of a registry whose entries are not typed: any name, any arguments. */
export type GenericEntryMap = Record<string, Record<string, unknown>>;

/**
 * What `build` returns for a registry of `T`: the instance type of a class, the return type of a
 * factory.
 * @example
 * type Built = BuildResult<typeof Foo>; // Foo
 */
export type BuildResult<T> = T extends new (...args: never[]) => infer Instance
  ? Instance
  : T extends (...args: never[]) => infer Result
    ? Result
    : unknown;

/**
 * The argument object a class or factory takes (its first parameter), `{}` with no keys allowed
 * when it takes none.
 * @example
 * type Args = ArgumentsOf<typeof Foo>; // { x: number }
 */
export type ArgumentsOf<Target> = Target extends new (args: infer Args) => unknown
  ? ArgumentObject<Args>
  : Target extends (args: infer Args) => unknown
    ? ArgumentObject<Args>
    : never;

type ArgumentObject<Args> = unknown extends Args ? Record<never, never> : NonNullable<Args>;

type Simplify<Value> = { [Key in keyof Value]: Value[Key] } & {};

/**
 * The config of one entry: `{ type: Name, ...its arguments }`. `_scope_` (MMEngine's default-scope
 * switch) is accepted and ignored.
 */
export type EntryConfig<Name extends string, Args> = Simplify<{ type: Name; _scope_?: string } & Args>;

/**
 * The config type of a registry: a union discriminated on `type`, one member per entry of the map
 * (entry name → argument object). With an augmentable `interface` as the map, every package that
 * augments it adds members.
 * @example
 * interface ToyMap { Foo: { x: number }; Bar: { mode?: "a" | "b" } }
 * const config: RegistryConfig<ToyMap> = { type: "Bar", mode: "a" };
 */
export type RegistryConfig<Entries extends object> = {
  [Name in keyof Entries & string]: EntryConfig<Name, Entries[Name]>;
}[keyof Entries & string];

/** A config whose `type` is the class or factory itself rather than a registered name. */
export interface DirectTargetConfig {
  readonly type: Buildable;
  readonly [key: string]: unknown;
}

/**
 * The entry map inferred from an object of targets: each name maps to the argument object of its
 * class or factory.
 * @example
 * type Map = EntryMapOf<{ Foo: typeof Foo }>; // { Foo: { x: number } }
 */
export type EntryMapOf<Targets extends Record<string, Buildable>> = {
  [Name in keyof Targets & string]: ArgumentsOf<Targets[Name]>;
};
