import { type ArgumentSchema, argumentJsonSchema, camelCaseKey, type JsonSchema } from "@initlib/registry";
import { WEIGHT_INITIALIZERS } from "./weight-initializers";

/** What a registered initializer may carry to describe its arguments (a {@link BaseInit} subclass does). */
interface DeclaredTarget {
  readonly argumentSchema?: ArgumentSchema;
  readonly argumentNames?: readonly string[];
  readonly initializerName?: string;
}

/**
 * The declaration of a registered initializer's arguments: its static `argumentSchema`, plus, as
 * unchecked keys, the extra `argumentNames` of a class that reads them itself (`Pretrained`). A
 * factory function without either gets an empty declaration.
 * @throws InitlibError `INITLIB_UNKNOWN_TYPE` (with the closest names) for an unregistered name
 * @example
 * Object.keys(initializerDeclaration("Normal")); // ["bias", "biasProb", "layer", "mean", "std"]
 */
export function initializerDeclaration(name: string): ArgumentSchema {
  const target = WEIGHT_INITIALIZERS.get(name);
  if (target === undefined) WEIGHT_INITIALIZERS.build({ type: name } as never); // raises the registry's coded error
  const declared = target as unknown as DeclaredTarget;
  const schema: Record<string, ArgumentSchema[string]> = { ...declared.argumentSchema };
  for (const key of declared.argumentNames ?? []) {
    if (!Object.hasOwn(schema, key)) schema[key] = { kind: "any", description: "read by the initializer itself" };
  }
  return schema;
}

/**
 * The defaults of a registered initializer's arguments, as `explain` prints them (keys without a
 * default are left out).
 * @example
 * initializerDefaults("Kaiming"); // { bias: 0, a: 0, mode: "fan_out", nonlinearity: "relu", distribution: "normal" }
 */
export function initializerDefaults(name: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(initializerDeclaration(name))) {
    if (field.default !== undefined) defaults[key] = field.default;
  }
  return defaults;
}

/** snake_case spelling of a camelCase key (`biasProb` → `bias_prob`), which configs may use too. */
function snakeCaseKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * The JSON Schema of one `initCfg` entry of the initializer registered as `name`:
 * `{ type: name, ...arguments, override? }`, each argument with its kind, bounds, enum values,
 * default and description, no other keys. Both spellings of each key are listed (`biasProb` and
 * `bias_prob`), as configs are normalized to camelCase before building.
 * @example
 * initializerEntryJsonSchema("Normal").properties.std; // { anyOf: [{ type: "number", minimum: 0, ... }, ...], default: 1 }
 */
export function initializerEntryJsonSchema(name: string): JsonSchema {
  const declaration = initializerDeclaration(name);
  const withAliases: Record<string, ArgumentSchema[string]> = {};
  for (const [key, field] of Object.entries(declaration)) {
    withAliases[key] = { ...field, required: false };
    const snake = snakeCaseKey(key);
    if (snake !== key && camelCaseKey(snake) === key && !Object.hasOwn(declaration, snake)) withAliases[snake] = { ...field, required: false };
  }
  const required = Object.entries(declaration)
    .filter(([, field]) => field.required === true)
    .map(([key]) => key);
  const schema = argumentJsonSchema(withAliases, {
    title: name,
    ...(describeTarget(name) === undefined ? {} : { description: describeTarget(name) }),
    extraProperties: {
      type: { const: name, description: "the registered initializer name" },
      override: {
        description: "children initialized differently: { name, ...an entry } or a list of them",
        anyOf: [{ $ref: "#/$defs/override" }, { type: "array", items: { $ref: "#/$defs/override" } }, { type: "null" }],
      },
      params: {
        description: "parameters the rule selects by dotted name: globs ('blocks.*.attn.proj.weight', '**.bias') or 're:' and a regular expression",
        anyOf: [{ type: "string", minLength: 1 }, { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 }, { type: "null" }],
      },
    },
    extraRequired: ["type"],
  }) as Record<string, unknown>;
  // A required key may be written in either spelling, so each is required as "one of the two".
  const aliasRequired = required.map((key) => {
    const snake = snakeCaseKey(key);
    return snake === key ? { required: [key] } : { anyOf: [{ required: [key] }, { required: [snake] }] };
  });
  return aliasRequired.length === 0 ? schema : { ...schema, allOf: aliasRequired };
}

function describeTarget(name: string): string | undefined {
  const target = WEIGHT_INITIALIZERS.get(name) as unknown as DeclaredTarget | undefined;
  return target?.initializerName === undefined ? undefined : `${target.initializerName} (registered as ${name})`;
}

/**
 * The JSON Schema (draft 2020-12) of an `initCfg`: one entry or a list of entries, each one of the
 * initializers registered in {@link WEIGHT_INITIALIZERS} at the time of the call, third-party ones
 * included (a class with a static `argumentSchema` is described like a built-in). Overrides are
 * `{ name }` alone or `{ name, ...an entry }`.
 * @example
 * writeFileSync("init-cfg.schema.json", JSON.stringify(initializerJsonSchema(), null, 2));
 */
export function initializerJsonSchema(): JsonSchema {
  const names = WEIGHT_INITIALIZERS.names();
  const entries: Record<string, JsonSchema> = {};
  for (const name of names) entries[name] = initializerEntryJsonSchema(name);
  const entryReference = { $ref: "#/$defs/entry" };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "initCfg",
    description: "A module's initCfg: one initializer entry, a list of them (applied in order), or null.",
    anyOf: [entryReference, { type: "array", items: entryReference }, { type: "null" }],
    $defs: {
      entry: { anyOf: names.map((name) => ({ $ref: `#/$defs/initializers/${jsonPointerSegment(name)}` })) },
      override: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", description: "a child attribute, or a dotted path" }, type: { enum: names } },
        description: "{ name } inherits the parent entry; { name, type, ...arguments } is a full entry",
      },
      initializers: entries,
    },
  };
}

function jsonPointerSegment(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}
