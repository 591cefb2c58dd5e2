import { describe, expect, it } from "vitest";
import { describeDepthSeries } from "./depth-comparison-panel";

describe("describeDepthSeries", () => {
  it("states the first and last std and their ratio", () => {
    expect(describeDepthSeries({ id: "fixup", label: "Fixup, residual MLP", std: [0.168, 0.583, 0.583] })).toBe("Fixup, residual MLP: std 0.17 → 0.58 (×3.5)");
  });

  it("switches to exponents for an explosion", () => {
    expect(describeDepthSeries({ id: "kaiming-residual", label: "Kaiming, residual", std: [0.84, 2.04e4] })).toBe("Kaiming, residual: std 0.84 → 2.0e+4 (×2.4e+4)");
  });
});
