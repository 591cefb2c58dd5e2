import { describe, expect, it } from "vitest";
import { errorOf } from "../../../test/error-of";
import { compileNamePattern } from "./name-pattern";

describe("compileNamePattern", () => {
  it.each([
    ["**.c_proj", "h.0.attn.c_proj", true],
    ["**.c_proj", "c_proj", true],
    ["**.c_proj", "h.0.attn.xc_proj", false],
    ["**.c_proj", "h.0.attn.c_proj.extra", false],
    ["h.*.attn.c_proj", "h.11.attn.c_proj", true],
    ["h.*.attn.c_proj", "h.1.2.attn.c_proj", false],
    ["layer*.*", "layer1.0", true],
    ["layer*.*", "layer1.0.conv1", false],
    ["encoder.**", "encoder.layers.3.fc1", true],
    ["encoder.**", "decoder.layers.3.fc1", false],
    ["a.**.b", "a.b", true],
    ["a.**.b", "a.x.y.b", true],
    ["a.**.b", "a.xb", false],
    ["**", "", true],
    ["fc", "fc", true],
    ["fc", "fc1", false],
  ])("%s on %s: %s", (pattern, name, expected) => {
    expect(compileNamePattern(pattern).matches(name)).toBe(expected);
  });

  it("matches a hostile pattern on a long name without backtracking (state simulation)", () => {
    const pattern = compileNamePattern(`${"*a".repeat(40)}*b`);
    expect(pattern.matches("a".repeat(5000))).toBe(false);
    expect(pattern.matches(`${"a".repeat(5000)}b`)).toBe(true);
  });

  it("rejects an empty pattern and three stars with a coded error naming the argument", () => {
    for (const bad of ["", "a.***"]) {
      const error = errorOf(() => compileNamePattern(bad, "residualProjections[1]"));
      expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect(error.path).toBe("residualProjections[1]");
    }
  });
});
