import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_KEPT_ELEMENTS, releaseScratch, SCRATCH_IDLE_MS, takeScratch } from "./scratch-buffer";

afterEach(() => {
  vi.useRealTimers();
});

describe("scratch buffer", () => {
  it("reuses the previous buffer when large enough, and gives a concurrent caller its own", () => {
    const first = takeScratch(1000, 1);
    const concurrent = takeScratch(1000, 1);
    expect(concurrent).not.toBe(first);
    releaseScratch(first);
    releaseScratch(concurrent); // not larger than the kept one: dropped
    const again = takeScratch(800, 1);
    expect(again).toBe(first);
    const larger = takeScratch(2000, 1);
    expect(larger).not.toBe(first);
    expect(larger.length).toBe(2000);
    releaseScratch(again);
    releaseScratch(larger);
    expect(takeScratch(1500, 1)).toBe(larger);
  });

  it("keeps nothing above the bound, and releases the kept buffer after a second of idleness", () => {
    vi.useFakeTimers();
    const kept = takeScratch(100, 1);
    releaseScratch(kept);
    releaseScratch(new Float32Array(MAX_KEPT_ELEMENTS + 1));
    expect(takeScratch(100, 1)).toBe(kept);
    releaseScratch(kept);
    vi.advanceTimersByTime(SCRATCH_IDLE_MS + 1);
    expect(takeScratch(100, 1)).not.toBe(kept);
  });
});
