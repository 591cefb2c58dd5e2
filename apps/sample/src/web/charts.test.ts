import { describe, expect, it } from "vitest";
import { formatLogTick } from "./charts";

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
