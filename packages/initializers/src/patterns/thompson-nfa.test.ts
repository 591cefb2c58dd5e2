import { describe, expect, it } from "vitest";
import { globToRegexSource } from "./dotted-name-glob";
import { ThompsonAutomaton } from "./thompson-nfa";

describe("ThompsonAutomaton", () => {
  it("agrees with JavaScript's RegExp.test on a seeded sample of patterns and names", () => {
    const patterns = [
      "^(?:a|b)*c$",
      "a{2,3}",
      "^a{2}b?$",
      "[^.]+\\.[a-c]+",
      "x*?y",
      "^$",
      "(?<name>ab)+",
      "[\\d_]+$",
      "\\w\\W\\w",
      "^(a|ab)(c|bcd)$",
      "[]a",
      "[^]",
      "a\\.{0,}b",
      "\\x61\\u0062",
      "(a*)*b",
      "(a|)+c",
      "^(ab|a)*$",
      "[a-c-]+z",
    ];
    // A fixed-seed linear congruential generator: reproducible inputs over a small alphabet.
    let state = 12345;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const inputs = Array.from({ length: 300 }, () => Array.from({ length: Math.floor(next() * 9) }, () => "abcdxyz._1"[Math.floor(next() * 10)]).join(""));
    for (const pattern of patterns) {
      const automaton = ThompsonAutomaton.compile(pattern);
      const reference = new RegExp(pattern);
      for (const input of inputs) expect(automaton.test(input), `${pattern} on '${input}'`).toBe(reference.test(input));
    }
  });

  it("matches a hostile pattern in a number of steps linear in the name", () => {
    const automaton = ThompsonAutomaton.compile("(a+)+$");
    for (const length of [10, 1000, 20000]) {
      const input = `${"a".repeat(length)}!`;
      const run = automaton.run(input);
      expect(run.matched).toBe(false);
      expect(run.steps).toBeLessThanOrEqual((input.length + 1) * 2 * automaton.stateCount);
    }
    // Doubling the name doubles the work (exponential backtracking would square it and more).
    const short = automaton.run(`${"a".repeat(5000)}!`).steps;
    const long = automaton.run(`${"a".repeat(10000)}!`).steps;
    expect(long / short).toBeLessThan(2.01);
    const nested = ThompsonAutomaton.compile("^(a|a)*(a*)*(a?){20}a{20}$");
    const run = nested.run("a".repeat(3000) + "b");
    expect(run.matched).toBe(false);
    expect(run.steps).toBeLessThanOrEqual(3002 * 2 * nested.stateCount);
  });

  it("matches the hostile glob *a*a*...*b on a long name within the linear bound of steps", () => {
    const automaton = ThompsonAutomaton.compile(globToRegexSource(`${"*a".repeat(40)}*b`));
    for (const [name, expected] of [
      ["a".repeat(5000), false],
      [`${"a".repeat(5000)}b`, true],
      [`${"a".repeat(5000)}.b`, false],
    ] as const) {
      const run = automaton.run(name);
      expect(run.matched, name.slice(-3)).toBe(expected);
      expect(run.steps).toBeLessThanOrEqual((name.length + 1) * 2 * automaton.stateCount);
    }
    // A backtracking matcher needs on the order of 5000^40 attempts here; the automaton, at most
    // (5001 · 2 · states) state visits, with states linear in the glob's length.
    expect(automaton.stateCount).toBeLessThan(4 * 83);
  });
});
