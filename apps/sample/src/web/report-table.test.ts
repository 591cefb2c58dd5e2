import { describe, expect, it } from "vitest";
import { describeStdCurve } from "./report-table";

describe("describeStdCurve", () => {
  it("calls a curve stable, drifting, vanishing or exploding by its last/first ratio", () => {
    expect(describeStdCurve([1, 0.9])).toBe("stable: the last layer's std is 0.90× the first layer's (2 layers)");
    expect(describeStdCurve([1, 0.3])).toMatch(/^drifting: .* 0\.30×/);
    expect(describeStdCurve([1, 1e-20])).toMatch(/^vanishing: .* 1\.0e-20×/);
    expect(describeStdCurve([1, 0])).toMatch(/^vanishing: .* 0×/);
    expect(describeStdCurve([1e-3, 5])).toMatch(/^exploding: .* 5\.0e\+3×/);
    expect(describeStdCurve([])).toBe("");
  });
});
