import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { compileParameterPattern, globToRegexSource, readParameterPatterns } from "./parameter-pattern";
import { parseRegex, RegexSyntaxError } from "./regex-syntax";
import { ThompsonAutomaton } from "./thompson-nfa";

const NAMES = [
  "bias",
  "weight",
  "head.weight",
  "head.bias",
  "blocks.0.attn.proj.weight",
  "blocks.0.attn.proj.bias",
  "blocks.11.attn.proj.weight",
  "blocks.0.attn.qkv.weight",
  "blocks.0.mlp.fc1.weight",
  "encoder.blocks.0.attn.proj.weight",
  "pos_embed",
  "cls_token",
];

const matching = (pattern: string): string[] => NAMES.filter((name) => compileParameterPattern(pattern, "params").test(name));

describe("params globs", () => {
  it("'*' matches within one segment, '**' any number of segments", () => {
    expect(matching("blocks.*.attn.proj.weight")).toEqual(["blocks.0.attn.proj.weight", "blocks.11.attn.proj.weight"]);
    expect(matching("**.bias")).toEqual(["bias", "head.bias", "blocks.0.attn.proj.bias"]);
    expect(matching("**.attn.proj.weight")).toEqual(["blocks.0.attn.proj.weight", "blocks.11.attn.proj.weight", "encoder.blocks.0.attn.proj.weight"]);
    expect(matching("blocks.**.weight")).toEqual(["blocks.0.attn.proj.weight", "blocks.11.attn.proj.weight", "blocks.0.attn.qkv.weight", "blocks.0.mlp.fc1.weight"]);
    expect(matching("blocks.**")).toHaveLength(5);
    expect(matching("**")).toEqual(NAMES);
    expect(matching("*")).toEqual(["bias", "weight", "pos_embed", "cls_token"]);
    expect(matching("*_*")).toEqual(["pos_embed", "cls_token"]);
    expect(matching("blocks.?.attn.proj.*")).toEqual(["blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias"]);
    expect(matching("**.**.bias")).toEqual(matching("**.bias"));
  });

  it("matches whole names only, and dots and other characters literally", () => {
    expect(matching("head")).toEqual([]);
    expect(matching("head.weight")).toEqual(["head.weight"]);
    expect(compileParameterPattern("a+b.(c)", "params").test("a+b.(c)")).toBe(true);
    expect(compileParameterPattern("a+b.(c)", "params").test("aab.(c)")).toBe(false);
    expect(globToRegexSource("**.bias")).toBe("^(?:[^.]+\\.)*bias$");
  });

  it("refuses empty segments, '**' inside a segment and non-strings, naming the path", () => {
    for (const [bad, reason] of [
      ["blocks..weight", /empty segment/],
      [".weight", /empty segment/],
      ["blocks.a**.weight", /whole segment/],
    ] as const) {
      const error = (() => {
        try {
          compileParameterPattern(bad, "Net.initCfg[0].params[1]");
        } catch (caught) {
          return caught;
        }
      })();
      expect(InitlibError.isInstance(error)).toBe(true);
      expect((error as InitlibError).code).toBe("INITLIB_BAD_CONFIG");
      expect((error as InitlibError).path).toBe("Net.initCfg[0].params[1]");
      expect((error as InitlibError).summary).toMatch(reason);
    }
    const problems: InitlibError[] = [];
    expect(readParameterPatterns(["ok.*", 3, "", "re:("], "p", problems).map((pattern) => pattern.source)).toEqual(["ok.*"]);
    expect(problems.map((problem) => problem.path)).toEqual(["p[1]", "p[2]", "p[3]"]);
    const empty: InitlibError[] = [];
    readParameterPatterns([], "p", empty);
    expect(empty[0]?.summary).toMatch(/empty list/);
  });
});

describe("params regular expressions (re:)", () => {
  it("search the name like RegExp.test and agree with JavaScript on a seeded sample", () => {
    expect(matching("re:^blocks\\.\\d+\\.attn\\.proj\\.")).toEqual(["blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias", "blocks.11.attn.proj.weight"]);
    expect(matching("re:proj")).toHaveLength(4);
    expect(matching("re:(qkv|fc1)\\.weight$")).toEqual(["blocks.0.attn.qkv.weight", "blocks.0.mlp.fc1.weight"]);
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

  it("match a hostile pattern in a number of steps linear in the name", () => {
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
    expect(compileParameterPattern("re:(a+)+$", "params").test(`${"a".repeat(50000)}!`)).toBe(false);
  });

  it("refuse what needs backtracking or is malformed, with the reason and the character", () => {
    const cases: [string, RegExp][] = [
      ["(a)\\1", /back-references/],
      ["(?<n>a)\\k<n>", /back-references/],
      ["a(?=b)", /lookaheads/],
      ["(?<!a)b", /lookbehinds/],
      ["\\bhead", /word boundaries/],
      ["(ab", /unterminated group/],
      ["ab)", /unmatched '\)'/],
      ["[a-", /unterminated character class/],
      ["[z-a]", /out of order/],
      ["*a", /nothing to repeat/],
      ["a**", /nothing to repeat/],
      ["^*", /anchor cannot be repeated/],
      ["a{3,1}", /out of order/],
      ["a{5000}", /above 1000/],
      ["\\q", /unknown escape/],
      ["a\\", /at end of pattern/],
    ];
    for (const [pattern, reason] of cases) {
      expect(() => parseRegex(pattern), pattern).toThrow(RegexSyntaxError);
      let error: unknown;
      try {
        compileParameterPattern(`re:${pattern}`, "Net.initCfg[2].params");
      } catch (caught) {
        error = caught;
      }
      expect((error as InitlibError).code, pattern).toBe("INITLIB_BAD_CONFIG");
      expect((error as InitlibError).summary, pattern).toMatch(reason);
      expect((error as InitlibError).path).toBe("Net.initCfg[2].params");
    }
    expect(() => compileParameterPattern("re:(a{100}){100}{100}", "params")).toThrow(/nothing to repeat|too large/);
    expect(() => compileParameterPattern("re:((a{150}){150})", "params")).toThrow(/too large/);
    expect(() => compileParameterPattern(`re:${"a".repeat(2000)}`, "params")).toThrow(/longer than 1000/);
  });
});
