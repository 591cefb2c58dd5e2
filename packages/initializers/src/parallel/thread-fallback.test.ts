import { describe, expect, it, vi } from "vitest";
import { generateRuleValues } from "../random/generate-rule-values";
import { GeneratorPool } from "./generator-pool";
import { generateInParallel, MIN_ELEMENTS_PER_THREAD } from "./parallel-generate";

// A runtime that cannot start threads (no Worker API, a content security policy refusing Blob workers).
vi.mock("./thread-handle", () => ({ startThread: async () => null }));

describe("without worker threads", () => {
  it("generates everything on the calling thread, with the same values", async () => {
    const pool = new GeneratorPool();
    const rule = { kind: "normal", mean: 0, std: 1 } as const;
    const key = { seed: 5, path: "w" };
    const out = new Float32Array(4 * MIN_ELEMENTS_PER_THREAD + 3);
    await generateInParallel(rule, key, 0, out, { threads: 4, pool });
    expect(pool.size).toBe(0);
    const expected = new Float32Array(out.length);
    generateRuleValues(rule, key, 0, expected);
    expect(Buffer.from(out.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });
});
