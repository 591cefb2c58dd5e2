import { describe, expect, it } from "vitest";
import { collapseWarnings } from "./collapse-warnings";

describe("collapseWarnings", () => {
  it("prints a warning repeated for many parameters once, with the count and the paths", () => {
    const messages = Array.from({ length: 12 }, (_, index) => `layers.${index}.weight has zero elements, so Kaiming writes nothing`);
    expect(collapseWarnings(messages)).toEqual([
      "12× <path> has zero elements, so Kaiming writes nothing (layers.0.weight, layers.1.weight, layers.2.weight, layers.3.weight, layers.4.weight, layers.5.weight, layers.6.weight, layers.7.weight, and 4 more)",
    ]);
  });

  it("prints the same message once, and keeps distinct messages in order", () => {
    expect(collapseWarnings(["a", "b: x", "a", "b: x"])).toEqual(["a", "b: x"]);
    expect(collapseWarnings(["fc.weight: empty", "init_weights called twice"])).toEqual(["fc.weight: empty", "init_weights called twice"]);
  });
});
