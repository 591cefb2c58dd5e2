import { execFile } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePretrainedModel } from "./stream-models";

// A file of its own: each test file runs in a fresh worker, and a child's peak RSS counts the pages
// of the process it was forked from, so the parent must be small when the children start.
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const child = fileURLToPath(new URL("../bench/stream-child.ts", import.meta.url));
let work: string;
let counter = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "initlib-transposed-memory-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A large float32 checkpoint of one Linear whose kernel is stored transposed, `[in, out]` with the
 * declared layout `IO` (as tfjs keeps it), written a megabyte at a time so the test never holds it.
 */
function writeLargeTransposedCheckpoint(inFeatures: number, outFeatures: number): string {
  const count = inFeatures * outFeatures;
  const header = JSON.stringify({
    __metadata__: { "initlib.layout.fc.weight": "IO" },
    "fc.bias": { dtype: "F32", shape: [outFeatures], data_offsets: [0, outFeatures * 4] },
    "fc.weight": { dtype: "F32", shape: [inFeatures, outFeatures], data_offsets: [outFeatures * 4, (outFeatures + count) * 4] },
  });
  const path = join(work, `large-${counter++}.safetensors`);
  const file = openSync(path, "w");
  try {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(Buffer.byteLength(header)));
    writeSync(file, length);
    writeSync(file, header);
    writeSync(file, new Uint8Array(new Float32Array(outFeatures).fill(0.25).buffer));
    const block = new Float32Array(2 ** 18);
    for (let done = 0; done < count; done += block.length) {
      const step = Math.min(block.length, count - done);
      for (let index = 0; index < step; index += 1) block[index] = Math.sin((done + index) * 0.37) * 0.1;
      writeSync(file, new Uint8Array(block.buffer, 0, step * 4));
    }
  } finally {
    closeSync(file);
  }
  return path;
}

describe("streamed init of a transposed Pretrained tensor: memory", { timeout: 300_000 }, () => {
  it("keeps peak memory flat for a transposed checkpoint tensor far larger than --max-memory (peak RSS, generous bound)", async () => {
    const peak = async (outFeatures: number) => {
      const model = writePretrainedModel(work, writeLargeTransposedCheckpoint(1024, outFeatures), 1024, outFeatures);
      const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@initlib/source", "--import", "tsx", child, model, join(work, `out-${counter++}`), "2MB"], {
        cwd: packageRoot,
        maxBuffer: 1 << 20,
      });
      return JSON.parse(stdout.trim().split("\n").at(-1)!) as { maxRssBytes: number; totalSize: number };
    };
    const small = await peak(1024);
    const large = await peak(24_576);
    expect(large.totalSize).toBeGreaterThan(100e6);
    // 100 MB of transposed weights, 2 MB of budget: a whole load and its transpose would add 200 MB
    // to the runtime's (about 100 MB here). The bound allows a wide margin, nothing more.
    expect(large.maxRssBytes - small.maxRssBytes).toBeLessThan(48 * 2 ** 20);
    process.stdout.write(`peak RSS (transposed): ${(small.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(small.totalSize / 1e6).toFixed(1)} MB, ${(large.maxRssBytes / 2 ** 20).toFixed(1)} MiB for ${(large.totalSize / 1e6).toFixed(1)} MB\n`);
  });
});
