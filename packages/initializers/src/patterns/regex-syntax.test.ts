import { describe, expect, it } from "vitest";
import { MAX_REPEAT_COUNT, parseRegex } from "./regex-syntax";
import { RegexSyntaxError } from "./regex-syntax-error";
import { AutomatonTooLargeError, MAX_AUTOMATON_STATES, ThompsonAutomaton } from "./thompson-nfa";

const syntaxErrorOf = (pattern: string): RegexSyntaxError => {
  try {
    parseRegex(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError) return error;
    throw error;
  }
  throw new Error(`${pattern} was accepted`);
};

describe("parseRegex", () => {
  it("refuses what needs backtracking or is malformed, with the reason and the character", () => {
    const cases: [string, RegExp, number][] = [
      ["(a)\\1", /back-references/, 3],
      ["(?<n>a)\\k<n>", /back-references/, 7],
      ["a(?=b)", /lookaheads/, 1],
      ["(?<!a)b", /lookbehinds/, 0],
      ["\\bhead", /word boundaries/, 0],
      ["(ab", /unterminated group/, 0],
      ["ab)", /unmatched '\)'/, 2],
      ["[a-", /unterminated character class/, 0],
      ["[z-a]", /out of order/, 2],
      ["*a", /nothing to repeat/, 0],
      ["a**", /nothing to repeat/, 2],
      ["^*", /anchor cannot be repeated/, 0],
      ["a{3,1}", /out of order/, 1],
      [`a{${MAX_REPEAT_COUNT + 1}}`, /above 1000/, 1],
      ["\\q", /unknown escape/, 0],
      ["a\\", /at end of pattern/, 1],
    ];
    for (const [pattern, reason, index] of cases) {
      const error = syntaxErrorOf(pattern);
      expect(error.reason, pattern).toMatch(reason);
      expect(error.index, pattern).toBe(index);
      expect(error.message, pattern).toBe(`${error.reason} at character ${index}`);
    }
  });

  it("accepts the automaton-friendly part of JavaScript's syntax", () => {
    for (const pattern of ["^blocks\\.\\d+\\.attn\\.", "(?:a|b)*?c{2,}", "(?<name>x)[^\\s.]+$", "[\\b\\-]", "\\x41\\u0042\\0", "a{2"]) {
      expect(() => parseRegex(pattern), pattern).not.toThrow();
    }
  });

  it("a pattern that needs more than the automaton's states is refused when compiled", () => {
    expect(() => ThompsonAutomaton.compile("((a{150}){150})")).toThrow(AutomatonTooLargeError);
    expect(() => ThompsonAutomaton.compile("((a{150}){150})")).toThrow(new RegExp(`more than ${MAX_AUTOMATON_STATES}`));
    expect(ThompsonAutomaton.compile("(a{100}){100}").stateCount).toBeLessThanOrEqual(MAX_AUTOMATON_STATES);
  });
});
