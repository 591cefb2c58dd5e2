import { describe, expect, it } from "vitest";
import { globToRegexSource } from "./dotted-name-glob";
import { RegexSyntaxError } from "./regex-syntax-error";
import { ThompsonAutomaton } from "./thompson-nfa";

const matches = (glob: string, name: string): boolean => ThompsonAutomaton.compile(globToRegexSource(glob)).test(name);

describe("dotted-name globs", () => {
  it("translate to anchored regular expressions", () => {
    expect(globToRegexSource("**.bias")).toBe("^(?:[^.]+\\.)*bias$");
    expect(globToRegexSource("blocks.*.attn.?")).toBe("^blocks\\.[^.]*\\.attn\\.[^.]$");
    expect(globToRegexSource("encoder.**")).toBe("^encoder(?:\\.[^.]+)*$");
    expect(globToRegexSource("**")).toBe("^.*$");
    expect(globToRegexSource("a+b.(c)[d]$")).toBe("^a\\+b\\.\\(c\\)\\[d\\]\\$$");
    expect(globToRegexSource("**.**.bias")).toBe(globToRegexSource("**.bias"));
  });

  it.each([
    ["**.c_proj", "h.0.attn.c_proj", true],
    ["**.c_proj", "c_proj", true],
    ["**.c_proj", "h.0.attn.xc_proj", false],
    ["**.c_proj", "h.0.attn.c_proj.extra", false],
    ["h.*.attn.c_proj", "h.11.attn.c_proj", true],
    ["h.*.attn.c_proj", "h.1.2.attn.c_proj", false],
    ["h.?.attn", "h.3.attn", true],
    ["h.?.attn", "h.11.attn", false],
    ["h.??.attn", "h.11.attn", true],
    ["layer*.*", "layer1.0", true],
    ["layer*.*", "layer1.0.conv1", false],
    ["encoder.**", "encoder.layers.3.fc1", true],
    ["encoder.**", "encoder", true],
    ["encoder.**", "encoders.x", false],
    ["a.**.b", "a.b", true],
    ["a.**.b", "a.x.y.b", true],
    ["a.**.b", "a.xb", false],
    ["**.downsample.**", "layer1.0.downsample.0", true],
    ["**", "", true],
    ["*", "a.b", false],
    ["fc", "fc", true],
    ["fc", "fc1", false],
    ["a+b.(c)", "a+b.(c)", true],
    ["a+b.(c)", "aab.(c)", false],
  ])("%s on %s: %s", (glob, name, expected) => {
    expect(matches(glob, name)).toBe(expected);
  });

  it("refuse an empty segment and '**' inside a segment, with the reason and the character", () => {
    for (const [glob, reason, index] of [
      ["blocks..weight", /empty segment/, 7],
      [".weight", /empty segment/, 0],
      ["weight.", /empty segment/, 7],
      ["blocks.a**.weight", /'\*\*' must be a whole segment/, 8],
      ["**c_proj", /'\*\*' must be a whole segment/, 0],
      ["a.***", /'\*\*' must be a whole segment/, 2],
    ] as const) {
      let error: unknown;
      try {
        globToRegexSource(glob);
      } catch (caught) {
        error = caught;
      }
      expect(error, glob).toBeInstanceOf(RegexSyntaxError);
      expect((error as RegexSyntaxError).reason, glob).toMatch(reason);
      expect((error as RegexSyntaxError).index, glob).toBe(index);
    }
  });

  it("match as JavaScript matches their translation, on a seeded sample of globs and names", () => {
    // A fixed-seed linear congruential generator: reproducible globs and names over a small alphabet.
    let state = 2024;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    const segment = (): string => (next() < 0.2 ? "**" : pick("ab*?", 1 + Math.floor(next() * 3)).replace(/\*\*+/g, "*"));
    const globs = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, segment).join("."));
    const names = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick("ab", 1 + Math.floor(next() * 3))).join("."));
    for (const glob of globs) {
      const source = globToRegexSource(glob);
      const automaton = ThompsonAutomaton.compile(source);
      const reference = new RegExp(source);
      for (const name of names) expect(automaton.test(name), `${glob} on '${name}'`).toBe(reference.test(name));
    }
  });
});
