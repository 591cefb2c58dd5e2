import fc from "fast-check";
import { describe, it } from "vitest";
import { InitlibError } from "./initlib-error";
import { parseConfigText } from "./parse-config-text";
import { resolveConfig } from "./resolve-config";

const runs = Number(process.env.INITLIB_FUZZ_RUNS ?? 300);
const key = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("_base_", "_delete_", "__proto__", "constructor", "init_cfg", "initCfg", "bias_prob", "type"));
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string({ maxLength: 10 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
})).value;

const onlyCoded = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (!InitlibError.isInstance(error)) throw error;
  }
};

describe("fuzzing config resolution and parsing", () => {
  it("resolveConfig returns a config or throws a coded InitlibError, for any value", () => {
    fc.assert(
      fc.property(jsonish, (value) => onlyCoded(() => resolveConfig(value))),
      { seed: 20261204, numRuns: runs },
    );
  });

  it("parseConfigText parses or throws a coded InitlibError, for any text", async () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), jsonish.map((value) => JSON.stringify(value) ?? "null").map((json) => json.slice(0, Math.max(1, json.length - 1))));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom("json" as const, "yaml" as const), async (input, syntax) => {
        try {
          await parseConfigText(input, syntax, "fuzz");
        } catch (error) {
          if (!InitlibError.isInstance(error)) throw error;
        }
      }),
      { seed: 20261204, numRuns: runs },
    );
  });
});
