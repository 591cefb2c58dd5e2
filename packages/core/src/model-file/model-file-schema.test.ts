import { describe, expect, it } from "vitest";
import { modelFileJsonSchema } from "./model-file-schema";

type Schema = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> };

describe("the model-file JSON Schema", () => {
  const schema = modelFileJsonSchema() as Schema;
  const module = schema.$defs.module as { properties: Record<string, unknown>; allOf: { if: { properties: { base: { const: string } } }; then: { properties: { args: { properties: Record<string, unknown>; required: string[] } } } }[] };

  it("describes every key a module may have, and no other", () => {
    expect(Object.keys(module.properties).sort()).toEqual(["$schema", "args", "base", "buffers", "children", "class", "init_cfg", "intermediate", "is_init", "params", "user_init_weights"]);
    expect(module).toMatchObject({ additionalProperties: false, required: ["class", "base"] });
  });

  it("gives each built-in layer its arguments, with the required ones", () => {
    const linear = module.allOf.find((rule) => rule.if.properties.base.const === "nn.Linear")!;
    expect(Object.keys(linear.then.properties.args.properties)).toEqual(["in_features", "out_features", "bias"]);
    expect(linear.then.properties.args.required).toEqual(["in_features", "out_features"]);
  });

  it("resolves every reference inside the document", () => {
    const text = JSON.stringify(schema);
    for (const [, pointer] of text.matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)) {
      const [first, ...rest] = pointer!.split("/");
      let target: unknown = schema.$defs[first!];
      for (const segment of rest) target = (target as Record<string, unknown>)[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
      expect(target, pointer).toBeDefined();
    }
  });

  it("lists every registered initializer for init_cfg entries", () => {
    expect(Object.keys(schema.$defs.initializers as object)).toEqual(expect.arrayContaining(["Kaiming", "Pretrained", "Orthogonal"]));
  });
});
