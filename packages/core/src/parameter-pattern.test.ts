import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { compileParameterPattern, readParameterPatterns } from "./parameter-pattern";

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
      expect((error as InitlibError).expected).toBe("dot-separated segments; '*' and '?' inside a segment, '**' as a whole segment");
      expect((error as InitlibError).hint).toBe("write 're:' first to use a regular expression");
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
  it("search the name like RegExp.test (the automaton itself is tested in @initlib/initializers)", () => {
    expect(matching("re:^blocks\\.\\d+\\.attn\\.proj\\.")).toEqual(["blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias", "blocks.11.attn.proj.weight"]);
    expect(matching("re:proj")).toHaveLength(4);
    expect(matching("re:(qkv|fc1)\\.weight$")).toEqual(["blocks.0.attn.qkv.weight", "blocks.0.mlp.fc1.weight"]);
  });

  it("match a hostile pattern on a long name (linear-time automaton)", () => {
    expect(compileParameterPattern("re:(a+)+$", "params").test(`${"a".repeat(50000)}!`)).toBe(false);
    expect(compileParameterPattern(`${"*a".repeat(40)}*b`, "params").test("a".repeat(50000))).toBe(false);
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
