/** What every field of an {@link ArgumentSchema} may say besides its kind. */
export interface FieldOptions {
  /**
   * The key must be present (and not `undefined`).
   * @default false
   */
  readonly required?: boolean;
  /**
   * `null` is accepted besides the kind's values (MMEngine's `None`, e.g. `prefix: null`).
   * @default false
   */
  readonly nullable?: boolean;
  /** Value used when the key is absent; `validateArgs` fills it in. Not validated. */
  readonly default?: unknown;
  /** Words for error messages instead of the ones generated from the kind, e.g. `"a positive std"`. */
  readonly description?: string;
}

/** A number; finite unless `finite: false`. */
export interface NumberField extends FieldOptions {
  readonly kind: "number";
  /** @default false */
  readonly integer?: boolean;
  /** @default true */
  readonly finite?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  /**
   * The value must also be finite as a float32 (|value| <= 3.4028234663852886e38), so a rule that
   * writes it into a float32 tensor cannot overflow to ±Infinity.
   * @default false
   */
  readonly float32?: boolean;
}

/** A string. */
export interface StringField extends FieldOptions {
  readonly kind: "string";
  /** @default false */
  readonly nonEmpty?: boolean;
}

/** `true` or `false` (not 0 or 1). */
export interface BooleanField extends FieldOptions {
  readonly kind: "boolean";
}

/** One of a fixed list of values, compared with `===`. */
export interface EnumField<Values extends readonly (string | number | boolean)[] = readonly (string | number | boolean)[]>
  extends FieldOptions {
  readonly kind: "enum";
  readonly values: Values;
  /**
   * String values are compared lower-cased (torch's `mode.lower()`); the value is kept as given.
   * The inferred type then also admits the upper-case spellings.
   * @default false
   */
  readonly ignoreCase?: boolean;
}

/** An array whose items, if `items` is given, each match it. */
export interface ArrayField<Items extends ValueSchema = ValueSchema> extends FieldOptions {
  readonly kind: "array";
  readonly items?: Items;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** A plain object; with `fields`, validated as a nested argument object (unknown keys rejected). */
export interface ObjectField<Fields extends ArgumentSchema = ArgumentSchema> extends FieldOptions {
  readonly kind: "object";
  readonly fields?: Fields;
}

/** A plain object used as a map: any keys, each value matching `values` if given. */
export interface RecordField<Values extends ValueSchema = ValueSchema> extends FieldOptions {
  readonly kind: "record";
  readonly values?: Values;
}

/** A function or class. */
export interface FunctionField extends FieldOptions {
  readonly kind: "function";
}

/** Any value (documented, not checked). */
export interface AnyField extends FieldOptions {
  readonly kind: "any";
}

/** A value matching at least one of `options`, e.g. `layer: string | string[]`. */
export interface OneOfField<Options extends readonly ValueSchema[] = readonly ValueSchema[]> extends FieldOptions {
  readonly kind: "oneOf";
  readonly options: Options;
}

/** The description of one value: its kind and constraints. */
export type ValueSchema =
  | NumberField
  | StringField
  | BooleanField
  | EnumField
  | ArrayField
  | ObjectField
  | RecordField
  | FunctionField
  | AnyField
  | OneOfField;

/**
 * The description of an argument object: every allowed key with its value's kind. Keys not listed
 * are rejected by `validateArgs`.
 * @example
 * const KAIMING_SCHEMA = defineArgumentSchema({
 *   a: { kind: "number", default: 0 },
 *   mode: { kind: "enum", values: ["fan_in", "fan_out"], default: "fan_out" },
 *   layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] },
 * });
 */
export type ArgumentSchema = { readonly [key: string]: ValueSchema };

/**
 * Returns `schema` unchanged, typed precisely (literal enum values, which keys are required) so
 * {@link ArgumentsFromSchema} can infer the argument type from it.
 * @example
 * const schema = defineArgumentSchema({ std: { kind: "number", minimum: 0, default: 1 } });
 */
export function defineArgumentSchema<const Schema extends ArgumentSchema>(schema: Schema): Schema {
  return schema;
}

type Nullable<Field, Value> = Field extends { readonly nullable: true } ? Value | null : Value;

/**
 * The TypeScript type of the values one field accepts.
 * @example
 * type Mode = ValueFromSchema<{ kind: "enum"; values: readonly ["fan_in", "fan_out"] }>; // "fan_in" | "fan_out"
 */
export type ValueFromSchema<Field> = Nullable<
  Field,
  Field extends { readonly kind: "number" }
    ? number
    : Field extends { readonly kind: "string" }
      ? string
      : Field extends { readonly kind: "boolean" }
        ? boolean
        : Field extends { readonly kind: "enum"; readonly values: readonly (infer Item)[]; readonly ignoreCase: true }
          ? Item | (Item extends string ? Uppercase<Item> : never)
          : Field extends { readonly kind: "enum"; readonly values: readonly (infer Item)[] }
          ? Item
          : Field extends { readonly kind: "array"; readonly items: infer Items }
            ? readonly ValueFromSchema<Items>[]
            : Field extends { readonly kind: "array" }
              ? readonly unknown[]
              : Field extends { readonly kind: "object"; readonly fields: infer Fields }
                ? ArgumentsFromSchema<Fields>
                : Field extends { readonly kind: "object" }
                  ? Record<string, unknown>
                  : Field extends { readonly kind: "record"; readonly values: infer Values }
                    ? Record<string, ValueFromSchema<Values>>
                    : Field extends { readonly kind: "record" }
                      ? Record<string, unknown>
                      : Field extends { readonly kind: "function" }
                        ? (...args: never[]) => unknown
                        : Field extends { readonly kind: "oneOf"; readonly options: readonly (infer Option)[] }
                          ? ValueFromSchema<Option>
                          : unknown
>;

type RequiredKeys<Schema> = {
  [Key in keyof Schema]: Schema[Key] extends { readonly required: true } ? Key : never;
}[keyof Schema];

/**
 * The argument type a schema describes, as callers write it: required fields required, the others
 * optional.
 * @example
 * type Args = ArgumentsFromSchema<typeof KAIMING_SCHEMA>; // { a?: number; mode?: "fan_in" | "fan_out"; ... }
 */
export type ArgumentsFromSchema<Schema> = {
  [Key in Exclude<keyof Schema, RequiredKeys<Schema>>]?: ValueFromSchema<Schema[Key]>;
} & {
  [Key in RequiredKeys<Schema>]: ValueFromSchema<Schema[Key]>;
} extends infer Result
  ? { [Key in keyof Result]: Result[Key] }
  : never;

type DefaultedKeys<Schema> = {
  [Key in keyof Schema]: Schema[Key] extends { readonly required: true } | { readonly default: unknown } ? Key : never;
}[keyof Schema];

/**
 * The argument type after `validateArgs`: fields with a default or marked required are present.
 * @example
 * type Validated = ValidatedArguments<typeof KAIMING_SCHEMA>; // { a: number; mode: "fan_in" | "fan_out"; layer?: ... }
 */
export type ValidatedArguments<Schema> = {
  [Key in Exclude<keyof Schema, DefaultedKeys<Schema>>]?: ValueFromSchema<Schema[Key]>;
} & {
  [Key in DefaultedKeys<Schema>]: ValueFromSchema<Schema[Key]>;
} extends infer Result
  ? { [Key in keyof Result]: Result[Key] }
  : never;
