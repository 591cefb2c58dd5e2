import type { InitializerMap } from "./initializer-map";

type Simplify<Value> = { [Key in keyof Value]: Value[Key] } & {};

/** Every registered initializer name known to the type system (built-ins plus augmentations). */
export type InitializerName = keyof InitializerMap & string;

/** One `{ type, ...args }` of a registered initializer, without `override`. */
export type InitializerConfig = {
  [Name in InitializerName]: Simplify<{ type: Name } & InitializerMap[Name]>;
}[InitializerName];

/**
 * An `override` of an `initCfg` entry: `name` (a child attribute, or a dotted path in initlib) plus
 * either nothing else (inherit the parent entry's type and arguments, `layer` dropped) or a full
 * `{ type, ...args }`; `layer` is accepted and ignored, as in MMEngine.
 * @example
 * const override: InitOverride = { name: "head", type: "Normal", std: 0.01 };
 */
export type InitOverride = { name: string; type?: undefined } | Simplify<{ name: string } & InitializerConfig>;

/**
 * The parameters a rule selects, by dotted name relative to the module whose `initCfg` holds it:
 * globs (`blocks.*.attn.proj.weight`, `**.bias`: `*` within one segment, `**` any number of
 * segments) or `re:` and a regular expression (matched in linear time). `@initlib/core` applies it.
 * @example
 * const params: ParamsSelector = ["**.bias", "re:^blocks\\.\\d+\\.attn\\."];
 */
export type ParamsSelector = string | readonly string[];

/**
 * One entry of an `initCfg`: a discriminated union on `type`, so unknown keys, wrong enum values
 * and missing required arguments are compile errors; JSON configs get the same checks at run time.
 * @example
 * const entry: InitCfgEntry = { type: "Kaiming", layer: "Conv2d", override: { name: "fc", type: "Normal", std: 0.01 } };
 */
export type InitCfgEntry = {
  [Name in InitializerName]: Simplify<{ type: Name; override?: InitOverride | readonly InitOverride[]; params?: ParamsSelector } & InitializerMap[Name]>;
}[InitializerName];

/**
 * A module's `initCfg`: one entry, a list (applied in order, the last writer wins), or nothing.
 * @example
 * const initCfg: InitCfg = [{ type: "Kaiming", layer: "Conv2d" }, { type: "Constant", val: 1, layer: "_BatchNorm" }];
 */
export type InitCfg = InitCfgEntry | readonly InitCfgEntry[] | null | undefined;
