import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peakOfStreamedPretrained } from "./large-pretrained";

// A file of its own: a child's peak RSS counts the pages of the worker it was forked from.
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "initlib-pretrained-memory-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("streamed init of a Pretrained tensor: memory", { timeout: 300_000 }, () => {
  it("keeps peak memory flat for a checkpoint tensor far larger than --max-memory (peak RSS, generous bound)", async () => {
    const small = await peakOfStreamedPretrained(work, 2048, 1024, "OI", "2MB");
    const large = await peakOfStreamedPretrained(work, 2048, 24_576, "OI", "2MB");
    expect(large.totalSize).toBeGreaterThan(200e6);
    // 200 MB of checkpoint weights, 2 MB of budget: a whole load would hold all 200 MB. The bound
    // allows the runtime (Node, tsx, the libraries: about 100 MB here) and a wide margin, nothing more.
    expect(large.maxRssBytes).toBeLessThan(large.totalSize);
    expect(large.maxRssBytes - small.maxRssBytes).toBeLessThan(48 * 2 ** 20);
    process.stdout.write(`peak RSS: ${(small.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(small.totalSize / 1e6).toFixed(1)} MB, ${(large.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(large.totalSize / 1e6).toFixed(1)} MB\n`);
  });
});
