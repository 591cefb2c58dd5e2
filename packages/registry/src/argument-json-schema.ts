import type { ArgumentSchema, ValueSchema } from "./argument-schema";

/** A JSON Schema (draft 2020-12) document or fragment, as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The largest finite float32, the bound of `float32` number fields. */
export const FLOAT32_MAXIMUM = 3.4028234663852886e38;

/** Options of {@link argumentJsonSchema}. */
export interface ArgumentJsonSchemaOptions {
  /**
   * Extra properties merged in front of the schema's own (e.g. `type: { const: "Kaiming" }` for an
   * `initCfg` entry).
   */
  readonly extraProperties?: Readonly<Record<string, JsonSchema>>;
  /** Extra required keys (e.g. `type`). */
  readonly extraRequired?: readonly string[];
  /** Title of the object schema. */
  readonly title?: string;
  /** Description of the object schema. */
  readonly description?: string;
}

/**
 * The JSON Schema of an argument object described by `schema`: one property per field with its
 * type, bounds, enum values, default and description; `required` from the required fields;
 * `additionalProperties: false`, as `validateArgs` rejects unknown keys. An optional field also
 * admits `null` (Python's `None`, read as "not given"); a number field also admits `true`/`false`
 * (Python bools, read as 1 and 0), so every config `validateArgs` accepts validates here too.
 * Functions, which JSON cannot hold, become an unconstrained property with a description.
 * @example
 * argumentJsonSchema(defineArgumentSchema({ std: { kind: "number", minimum: 0, default: 1 } }));
 * // { type: "object", properties: { std: { anyOf: [{ type: "number", minimum: 0 }, ...], default: 1 } }, ... }
 */
export function argumentJsonSchema(schema: ArgumentSchema, options: ArgumentJsonSchemaOptions = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...options.extraProperties };
  const required: string[] = [...(options.extraRequired ?? [])];
  for (const [key, field] of Object.entries(schema)) {
    const optional = field.required !== true;
    properties[key] = fieldJsonSchema(field, optional);
    if (!optional) required.push(key);
  }
  return {
    type: "object",
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.description === undefined ? {} : { description: options.description }),
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function fieldJsonSchema(field: ValueSchema, optional: boolean): JsonSchema {
  const value = valueJsonSchema(field);
  const alternatives: JsonSchema[] = [value];
  if (field.kind === "number") alternatives.push({ type: "boolean", description: "a Python bool, read as 1 or 0" });
  if (field.nullable === true || optional) alternatives.push({ type: "null" });
  const annotations = {
    ...(field.description === undefined ? {} : { description: field.description }),
    ...(field.default === undefined || typeof field.default === "function" ? {} : { default: field.default }),
  };
  return alternatives.length === 1 ? { ...value, ...annotations } : { anyOf: alternatives, ...annotations };
}

function valueJsonSchema(field: ValueSchema): JsonSchema {
  switch (field.kind) {
    case "number": {
      const bound = field.float32 === true ? FLOAT32_MAXIMUM : undefined;
      return {
        type: field.integer === true ? "integer" : "number",
        ...maybe("minimum", field.minimum ?? (bound === undefined ? undefined : -bound)),
        ...maybe("maximum", field.maximum ?? bound),
        ...maybe("exclusiveMinimum", field.exclusiveMinimum),
        ...maybe("exclusiveMaximum", field.exclusiveMaximum),
      };
    }
    case "string":
      return { type: "string", ...(field.nonEmpty === true ? { minLength: 1 } : {}) };
    case "boolean":
      return { type: "boolean" };
    case "enum": {
      const values: unknown[] = [...field.values];
      if (field.ignoreCase === true) {
        for (const item of field.values) if (typeof item === "string" && !values.includes(item.toUpperCase())) values.push(item.toUpperCase());
      }
      return { enum: values };
    }
    case "array":
      return {
        type: "array",
        ...(field.items === undefined ? {} : { items: valueJsonSchema(field.items) }),
        ...maybe("minItems", field.minItems),
        ...maybe("maxItems", field.maxItems),
      };
    case "object":
      return field.fields === undefined ? { type: "object" } : argumentJsonSchema(field.fields);
    case "record":
      return { type: "object", ...(field.values === undefined ? {} : { additionalProperties: valueJsonSchema(field.values) }) };
    case "function":
      return { description: "a function or class (not expressible in JSON; pass it from code)" };
    case "any":
      return {};
    case "oneOf":
      return { anyOf: field.options.map((option) => (option.nullable === true ? { anyOf: [valueJsonSchema(option), { type: "null" }] } : valueJsonSchema(option))) };
  }
}

function maybe(keyword: string, value: number | undefined): JsonSchema {
  return value === undefined ? {} : { [keyword]: value };
}
