import { describe, expect, it } from "vitest";
import { closestNames, editDistance, formatAlternatives } from "./closest-names";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and neighbour swaps, ignoring case", () => {
    expect(editDistance("Kaimng", "Kaiming")).toBe(1);
    expect(editDistance("Xaiver", "Xavier")).toBe(1);
    expect(editDistance("Normla", "Normal")).toBe(1);
    expect(editDistance("kaiming", "Kaiming")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("Constant", "Uniform")).toBe(7);
  });
});

describe("closestNames", () => {
  const names = ["Constant", "Xavier", "Normal", "TruncNormal", "Uniform", "Kaiming", "Caffe2Xavier", "Pretrained"];

  it("suggests near names best first", () => {
    expect(closestNames("Kaimng", names)).toEqual(["Kaiming"]);
    expect(closestNames("normal", names)).toEqual(["Normal", "TruncNormal"]);
    expect(closestNames("KaimingInit", names)).toEqual(["Kaiming"]);
  });

  it("suggests nothing for an unrelated name, and respects the limit", () => {
    expect(closestNames("Orthogonal", names)).toEqual([]);
    expect(closestNames("Xavier", names, 1)).toEqual(["Xavier"]);
  });
});

describe("formatAlternatives", () => {
  it("joins quoted names with commas and a final or", () => {
    expect(formatAlternatives(["a"])).toBe("'a'");
    expect(formatAlternatives(["a", "b", "c"])).toBe("'a', 'b' or 'c'");
  });
});
