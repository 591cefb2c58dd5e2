import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linearStackSpec } from "../bench/linear-stack-spec";

const child = fileURLToPath(new URL("../bench/stream-child.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "initlib-memory-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Peak resident memory of one streamed init in a process of its own. */
async function peakMemory(parameters: number, maxMemory: string): Promise<{ maxRssBytes: number; totalSize: number }> {
  const model = join(work, `model-${parameters}.json`);
  writeFileSync(model, JSON.stringify(linearStackSpec(parameters, 2048)));
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@initlib/source", "--import", "tsx", child, model, join(work, `out-${parameters}`), maxMemory, "64MB"], {
    cwd: packageRoot,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { maxRssBytes: number; totalSize: number };
}

describe("streamed init's memory", { timeout: 300_000 }, () => {
  it("stays flat for a model a hundred times --max-memory (peak RSS, generous bound)", async () => {
    const small = await peakMemory(12.5e6, "2MB");
    const large = await peakMemory(50e6, "2MB");
    expect(large.totalSize).toBeGreaterThan(190e6);
    // 200 MB of weights, 2 MB of budget: an in-memory init would hold all 200 MB. The bound allows
    // the runtime (Node, tsx, the libraries: about 110 MB here) and a wide margin, nothing more.
    expect(large.maxRssBytes).toBeLessThan(large.totalSize);
    expect(large.maxRssBytes - small.maxRssBytes).toBeLessThan(48 * 2 ** 20);
  });
});
