import { describe, expect, it } from "vitest";
import { formatLogTick, logTickLabels } from "./charts";

describe("formatLogTick", () => {
  it("labels powers of ten only, compactly", () => {
    expect(formatLogTick(1e-7)).toBe("1e-7");
    expect(formatLogTick(0.01)).toBe("0.01");
    expect(formatLogTick(1)).toBe("1");
    expect(formatLogTick(1000)).toBe("1000");
    expect(formatLogTick(1e4)).toBe("1e4");
    expect(formatLogTick(2e-7)).toBe("");
    expect(formatLogTick(0)).toBe("");
  });
});

describe("logTickLabels", () => {
  it("labels powers of ten when two are in view, else rounder values, else every tick", () => {
    expect(logTickLabels([1e-3, 2e-3, 1e-2, 1e-1])).toEqual(["1e-3", "", "0.01", "0.1"]);
    expect(logTickLabels([0.2, 0.3, 0.5, 0.7, 1, 2])).toEqual(["0.2", "", "0.5", "", "1", "2"]);
    expect(logTickLabels([0.8, 0.9, 1, 1.1, 1.2])).toEqual(["0.8", "0.9", "1", "1.1", "1.2"]);
    expect(logTickLabels([3e-9, 4e-9, 5e-9, 6e-9])).toEqual(["3e-9", "4e-9", "5e-9", "6e-9"]);
  });
});
