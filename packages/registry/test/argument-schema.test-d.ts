import { describe, expectTypeOf, it } from "vitest";
import { defineArgumentSchema, validateArgs, type ArgumentsFromSchema } from "@initlib/registry";

const KAIMING = defineArgumentSchema({
  a: { kind: "number", default: 0 },
  mode: { kind: "enum", values: ["fan_in", "fan_out"], default: "fan_out" },
  layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] },
  checkpoint: { kind: "string", required: true },
  prefix: { kind: "string", nullable: true },
  renames: { kind: "record", values: { kind: "string" } },
});

describe("schema inference", () => {
  it("infers what callers may write: required keys required, others optional, enum literals", () => {
    expectTypeOf<ArgumentsFromSchema<typeof KAIMING>>().toEqualTypeOf<{
      a?: number;
      mode?: "fan_in" | "fan_out";
      layer?: string | readonly string[];
      prefix?: string | null;
      renames?: Record<string, string>;
      checkpoint: string;
    }>();
    // @ts-expect-error "fan" is not a mode
    const wrong: ArgumentsFromSchema<typeof KAIMING> = { checkpoint: "x", mode: "fan" };
    // @ts-expect-error checkpoint is required
    const missing: ArgumentsFromSchema<typeof KAIMING> = { mode: "fan_in" };
    expectTypeOf([wrong, missing]).toBeArray();
  });

  it("types validateArgs' result with defaulted keys present", () => {
    const args = validateArgs({}, KAIMING);
    expectTypeOf(args.a).toEqualTypeOf<number>();
    expectTypeOf(args.mode).toEqualTypeOf<"fan_in" | "fan_out">();
    expectTypeOf(args.checkpoint).toEqualTypeOf<string>();
    expectTypeOf(args.layer).toEqualTypeOf<string | readonly string[] | undefined>();
  });
});

describe("case-insensitive enums", () => {
  it("admit the upper-case spellings in the inferred type", () => {
    const schema = defineArgumentSchema({ mode: { kind: "enum", values: ["fan_in", "fan_out"], ignoreCase: true } });
    expectTypeOf(schema.mode.ignoreCase).toEqualTypeOf<true>();
    expectTypeOf<ArgumentsFromSchema<typeof schema>["mode"]>().toEqualTypeOf<"fan_in" | "fan_out" | "FAN_IN" | "FAN_OUT" | undefined>();
  });
});
