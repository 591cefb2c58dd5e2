import { describe, expect, it } from "vitest";
import { errorOf } from "../../error-of";
import { ThompsonAutomaton } from "../../patterns/thompson-nfa";
import { compileNamePattern, compileNamePatterns } from "./name-pattern";
import { matchesAny, namePatternMatches } from "./name-pattern-match";

describe("module-name globs of the depth-aware initializers", () => {
  // The grammar's own cases are in patterns/dotted-name-glob.test.ts; these are the depth
  // initializers' typical arguments, through compileNamePattern and namePatternMatches.
  it.each([
    ["**.c_proj", "h.0.attn.c_proj", true],
    ["**.c_proj", "c_proj", true],
    ["**.c_proj", "h.0.attn.xc_proj", false],
    ["h.?.attn.c_proj", "h.3.attn.c_proj", true],
    ["h.?.attn.c_proj", "h.11.attn.c_proj", false],
    ["**.downsample.**", "layer1.0.downsample.0", true],
    ["**.downsample.**", "layer1.0.conv1", false],
    // A trailing `.**` also matches zero segments, as in params: a shortcut that is itself a layer.
    ["**.shortcut.**", "layer1.0.shortcut", true],
    ["encoder.**", "decoder.layers.3.fc1", false],
  ])("%s on %s: %s", (pattern, name, expected) => {
    expect(namePatternMatches(compileNamePattern(pattern), name)).toBe(expected);
  });

  it("use core's params grammar: the same regular expression for the same glob", () => {
    expect(compileNamePattern("**.c_proj", "residualProjections").regexSource).toBe("^(?:[^.]+\\.)*c_proj$");
    expect(compileNamePattern("h.?.attn.*", "residualProjections").regexSource).toBe("^h\\.[^.]\\.attn\\.[^.]*$");
  });

  it("match a hostile pattern on a long name within the linear bound of automaton steps", () => {
    const pattern = compileNamePattern(`${"*a".repeat(40)}*b`, "residualProjections");
    expect(namePatternMatches(pattern, "a".repeat(5000))).toBe(false);
    expect(namePatternMatches(pattern, `${"a".repeat(5000)}b`)).toBe(true);
    const automaton = ThompsonAutomaton.compile(pattern.regexSource);
    const run = automaton.run("a".repeat(5000));
    expect(run.steps).toBeLessThanOrEqual(5001 * 2 * automaton.stateCount);
  });

  it("match any of a list, each error naming its index", () => {
    const patterns = compileNamePatterns(["**.fc1", "**.fc2"], "scaledProjections");
    expect(patterns.map((pattern) => pattern.path)).toEqual(["scaledProjections[0]", "scaledProjections[1]"]);
    expect(matchesAny(patterns, "encoder.layers.0.fc2")).toBe(true);
    expect(matchesAny(patterns, "encoder.layers.0.fc3")).toBe(false);
    expect(compileNamePatterns("**.fc1", "scaledProjections")[0]!.path).toBe("scaledProjections");
    expect(errorOf(() => compileNamePatterns(["**.fc1", "a..b"], "scaledProjections")).path).toBe("scaledProjections[1]");
  });

  it("refuse an empty or over-long pattern with a coded error naming the argument", () => {
    for (const bad of ["", "a".repeat(1001)]) {
      const error = errorOf(() => compileNamePattern(bad, "residualProjections[1]"));
      expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect(error.path).toBe("residualProjections[1]");
      expect(error.summary).toMatch(/non-empty glob of at most 1000 characters/);
    }
  });

  it("refuse '**' inside a segment (three stars included), explaining that '**' is a whole segment", () => {
    for (const [bad, index] of [
      ["a.***", 2],
      ["**c_proj", 0],
      ["h.0.attn**", 8],
    ] as const) {
      const error = errorOf(() => compileNamePattern(bad, "residualProjections[1]"));
      expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect(error.path).toBe("residualProjections[1]");
      expect(error.summary).toBe(`invalid module name glob in residualProjections[1]: '**' must be a whole segment (between dots) at character ${index}`);
      expect(error.expected).toBe("dot-separated segments; '*' and '?' inside a segment, '**' as a whole segment");
      expect(error.hint).toMatch(/'\*\*' stands for whole segments/);
    }
  });

  it("refuse an empty segment", () => {
    const error = errorOf(() => compileNamePattern("h..c_proj", "branches"));
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(error.summary).toMatch(/empty segment .* at character 2/);
    expect(error.hint).toMatch(/single dots/);
    expect(errorOf(() => compileNamePattern("", "branches")).expected).toMatch(/^a dotted glob .*whole segment\)$/);
  });
});
