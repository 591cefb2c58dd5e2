import { execFile } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writePretrainedModel } from "./stream-models";

// Large Pretrained checkpoints for the peak-memory tests of streamed init, and the child process
// that measures one streamed init. Each memory test is a file of its own: each test file runs in a
// fresh worker, and a child's peak RSS counts the pages of the process it was forked from, so the
// parent must be small when the children start.

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const child = fileURLToPath(new URL("../bench/stream-child.ts", import.meta.url));
let files = 0;

/**
 * A large float32 safetensors checkpoint of one Linear, written a megabyte at a time so the test
 * process never holds it. `layout: "IO"` stores the weight transposed, `[in, out]`, with the
 * declared layout (as tfjs keeps it); the default is torch's `[out, in]`.
 */
export function writeLargeLinearCheckpoint(directory: string, inFeatures: number, outFeatures: number, layout: "OI" | "IO" = "OI"): string {
  const count = inFeatures * outFeatures;
  const header = JSON.stringify({
    ...(layout === "IO" ? { __metadata__: { "initlib.layout.fc.weight": "IO" } } : {}),
    "fc.bias": { dtype: "F32", shape: [outFeatures], data_offsets: [0, outFeatures * 4] },
    "fc.weight": { dtype: "F32", shape: layout === "IO" ? [inFeatures, outFeatures] : [outFeatures, inFeatures], data_offsets: [outFeatures * 4, (outFeatures + count) * 4] },
  });
  const path = join(directory, `large-${files++}.safetensors`);
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

/**
 * Streams, in a child process with `maxMemory`, a model whose one Linear is loaded by Pretrained
 * from a new large checkpoint; returns the child's peak RSS and the output's size.
 */
export async function peakOfStreamedPretrained(directory: string, inFeatures: number, outFeatures: number, layout: "OI" | "IO", maxMemory: string): Promise<{ maxRssBytes: number; totalSize: number }> {
  const model = writePretrainedModel(directory, writeLargeLinearCheckpoint(directory, inFeatures, outFeatures, layout), inFeatures, outFeatures);
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@initlib/source", "--import", "tsx", child, model, join(directory, `out-${files++}`), maxMemory], {
    cwd: packageRoot,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { maxRssBytes: number; totalSize: number };
}
