import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peakOfStreamedPretrained } from "./large-pretrained";

// A file of its own: a child's peak RSS counts the pages of the worker it was forked from.
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "initlib-transposed-memory-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("streamed init of a transposed Pretrained tensor: memory", { timeout: 300_000 }, () => {
  it("keeps peak memory flat for a transposed checkpoint tensor far larger than --max-memory (peak RSS, generous bound)", async () => {
    const small = await peakOfStreamedPretrained(work, 1024, 1024, "IO", "2MB");
    const large = await peakOfStreamedPretrained(work, 1024, 12_288, "IO", "2MB");
    expect(large.totalSize).toBeGreaterThan(50e6);
    // 50 MB of transposed weights, 2 MB of budget: a whole load and its transpose would add 100 MB
    // to the runtime's (about 100 MB here). The bound allows a wide margin, nothing more.
    expect(large.maxRssBytes - small.maxRssBytes).toBeLessThan(48 * 2 ** 20);
    process.stdout.write(`peak RSS (transposed): ${(small.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(small.totalSize / 1e6).toFixed(1)} MB, ${(large.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(large.totalSize / 1e6).toFixed(1)} MB\n`);
  });
});
