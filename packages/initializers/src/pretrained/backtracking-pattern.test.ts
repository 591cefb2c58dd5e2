import { describe, expect, it } from "vitest";
import { PretrainedInit } from "./pretrained-init";
import { backtrackingReason } from "./backtracking-pattern";

describe("rename patterns from configs run in bounded time", () => {
  it.each(["^(a+)+$", "(a|a)*b", "(\\w*x?)*y", "((ab)*)+c", "(a{1,5})+", "(a)\\1", "(?=a)a", "(?<!b)a"])("refuses %s", (pattern) => {
    expect(backtrackingReason(pattern)).toBeDefined();
    expect(() => new PretrainedInit({ checkpoint: "a.safetensors", renames: [{ pattern, replacement: "" }] })).toThrow(/exponential|lookarounds|back-references/);
  });

  it.each(["^module\\.", "^encoder\\.layers\\.(\\d+)", "/", "^(backbone|neck)\\.", "(conv|bn)(\\d+)?\\.", "[a-z]+_(\\d+)", "^blocks\\.(\\d+)\\.attn\\.(qkv|proj)"])("accepts %s", (pattern) => {
    expect(backtrackingReason(pattern)).toBeUndefined();
  });
});
