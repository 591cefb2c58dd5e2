import { initializerJsonSchema, type JsonSchema } from "@initlib/initializers";
import { LAYER_ARGUMENTS, type LayerArgumentKind } from "../layers/layer-arguments";
import { knownModuleBases } from "./check-module-spec";

const SIZE: JsonSchema = { anyOf: [{ type: "integer", minimum: 1 }, { type: "array", items: { type: "integer", minimum: 1 }, minItems: 1, maxItems: 3 }] };

/** The JSON Schema of one kind of layer argument (the kinds `checkModuleSpec` checks). */
const KIND_SCHEMAS: Readonly<Record<LayerArgumentKind, JsonSchema>> = {
  "positive-integer": { type: ["integer", "boolean"], minimum: 1 },
  "non-negative-integer": { type: ["integer", "boolean"], minimum: 0 },
  "integer-or-null": { type: ["integer", "boolean", "null"] },
  number: { type: ["number", "boolean"] },
  "number-or-null": { type: ["number", "boolean", "null"] },
  boolean: { type: "boolean" },
  size: SIZE,
  "size-or-padding": { anyOf: [{ type: "integer", minimum: 0 }, { type: "array", items: { type: "integer", minimum: 0 }, maxItems: 3 }, { enum: ["same", "valid"] }] },
  string: { type: "string" },
};

/**
 * The JSON Schema (draft 2020-12) of an initlib model file: the module tree (`class`, `base`,
 * `args`, `init_cfg`, `children`, `params`, `buffers`, `user_init_weights`, `is_init`), each built-in
 * layer's arguments, and `init_cfg` entries of every initializer registered when it is called
 * (third-party ones included). Editors autocomplete a model file that names it in `"$schema"`;
 * `initlib schema` prints it. The checks `checkModuleSpec` makes are the authority; the schema
 * mirrors them.
 * @example
 * writeFileSync("model-file.schema.json", JSON.stringify(modelFileJsonSchema(), null, 2));
 */
export function modelFileJsonSchema(): JsonSchema {
  const initCfg = initializerJsonSchema() as JsonSchema & { anyOf: unknown; $defs: Record<string, unknown> };
  const layerRules = Object.entries(LAYER_ARGUMENTS).map(([layer, declared]) => ({
    if: { properties: { base: { const: `nn.${layer}` } }, required: ["base"] },
    then: {
      properties: {
        args: {
          type: "object",
          additionalProperties: false,
          properties: Object.fromEntries(Object.entries(declared).map(([name, argument]) => [name, KIND_SCHEMAS[argument.kind]])),
          required: Object.entries(declared).filter(([, argument]) => argument.required).map(([name]) => name),
        },
      },
    },
  }));
  const tensor = {
    type: "object",
    additionalProperties: false,
    required: ["name", "shape", "fill"],
    properties: {
      name: { type: "string", pattern: "^(?:[A-Za-z_][A-Za-z0-9_]*|\\d+)$" },
      shape: { type: "array", items: { type: "integer", minimum: 0 } },
      fill: { type: ["number", "boolean"] },
    },
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/initlib/initlib/model-file.schema.json",
    title: "initlib model file",
    description: "A module tree with MMEngine's init_cfg, as `initlib init` and `buildModuleFromSpec` read it.",
    $ref: "#/$defs/module",
    $defs: {
      ...initCfg.$defs,
      initCfg: { anyOf: initCfg.anyOf },
      tensor,
      module: {
        type: "object",
        additionalProperties: false,
        required: ["class", "base"],
        properties: {
          $schema: { type: "string" },
          class: { type: "string", minLength: 1 },
          base: { enum: knownModuleBases() },
          intermediate: { type: "array", items: { type: "string" } },
          args: { type: "object" },
          init_cfg: { $ref: "#/$defs/initCfg" },
          children: {
            type: "array",
            items: { type: "object", additionalProperties: false, required: ["name", "module"], properties: { name: tensor.properties.name, module: { $ref: "#/$defs/module" } } },
          },
          params: { type: "array", items: { $ref: "#/$defs/tensor" } },
          buffers: { type: "array", items: { $ref: "#/$defs/tensor" } },
          user_init_weights: { type: "object" },
          is_init: { type: ["boolean", "null"] },
        },
        allOf: layerRules,
      },
    },
  };
}
