import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeSafetensors, openCheckpoint } from "@initlib/checkpoint";
import { createTfjsCpuBackend } from "@initlib/backend-tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePretrainedModel } from "./stream-models";
import { loadModelFile } from "../src/load-model-file";
import { initToSafetensors } from "../src/streaming/init-to-safetensors";

let work: string;
let counter = 0;

beforeAll(() => {
  tf.env().set("PROD", true);
  work = mkdtempSync(join(tmpdir(), "initlib-stream-pretrained-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A checkpoint of one Linear(inFeatures, outFeatures) (`fc.weight`, `fc.bias`) in float32 or
 * float16 (the U16 dtype of the encoder's header renamed to F16: same bytes, same header length).
 */
function writeLinearCheckpoint(inFeatures: number, outFeatures: number, dtype: "F32" | "F16"): string {
  const count = inFeatures * outFeatures;
  const weight =
    dtype === "F32"
      ? Float32Array.from({ length: count }, (_, index) => Math.sin(index * 0.37) * 0.1)
      : Uint16Array.from({ length: count }, (_, index) => (index * 7919) % 0x7c00 | (index % 2) << 15);
  const bytes = encodeSafetensors({ "fc.weight": { data: weight, shape: [outFeatures, inFeatures] }, "fc.bias": { data: new Float32Array(outFeatures).fill(0.25), shape: [outFeatures] } });
  if (dtype === "F16") {
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)).replace('"U16"', '"F16"');
    bytes.set(new TextEncoder().encode(header), 8);
  }
  const path = join(work, `linear-${counter++}.safetensors`);
  writeFileSync(path, bytes);
  return path;
}


/** Streams `modelPath` to disk and compares every tensor with an in-memory init, bit for bit. */
async function expectStreamEqualsInMemory(modelPath: string, maxMemory: string): Promise<number> {
  const outDir = join(work, `out-${counter++}`);
  const output = await initToSafetensors((await loadModelFile(modelPath)).model, { outDir, maxMemory, maxShardSize: "1GB" });
  const reference = (await loadModelFile(modelPath)).model;
  await (reference as unknown as { initWeights(options: object): Promise<unknown> }).initWeights({ backend: await createTfjsCpuBackend(), seed: 0 });
  const reader = await openCheckpoint(join(outDir, "model.safetensors"));
  try {
    for (const { name, tensor } of reference.stateEntries()) {
      const streamed = await reader.read(name);
      const expected = await tensor.read();
      expect(new Uint8Array(streamed.buffer), name).toEqual(new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength));
    }
  } finally {
    await reader.close();
  }
  return output.chunkElements;
}

describe("streamed init of Pretrained tensors", { timeout: 300_000 }, () => {
  it("streams a float32 safetensors tensor eight times --max-memory, equal to an in-memory init bit for bit", async () => {
    const checkpoint = writeLinearCheckpoint(1024, 1024, "F32");
    const chunk = await expectStreamEqualsInMemory(writePretrainedModel(work, checkpoint, 1024, 1024), "512KiB");
    // 4 MiB of weights through chunks of 64 Ki floats: the tensor was read window by window.
    expect(chunk * 4 * 2).toBeLessThanOrEqual(512 * 1024);
  });

  it("streams a float16 safetensors tensor, converted per chunk, equal to an in-memory init bit for bit", async () => {
    const checkpoint = writeLinearCheckpoint(700, 1500, "F16");
    await expectStreamEqualsInMemory(writePretrainedModel(work, checkpoint, 700, 1500), "600KiB");
  });

  it("streams tensors of a PyTorch checkpoint (stored zip members) equal to an in-memory init", async () => {
    await expectStreamEqualsInMemory(fileURLToPath(new URL("./fixtures/toynet-torch-checkpoint.yaml", import.meta.url)), "512KiB");
  });

  it("writes a column slice of a streamed checkpoint tensor: exactly those columns of the full tensor", async () => {
    const checkpoint = writeLinearCheckpoint(300, 40, "F32");
    const { model } = await loadModelFile(writePretrainedModel(work, checkpoint, 300, 40));
    const outDir = join(work, `out-${counter++}`);
    await initToSafetensors(model, { outDir, maxMemory: "512KiB", slices: { "fc.weight": { dim: 1, start: 100, end: 250 } } });
    const source = await openCheckpoint(checkpoint);
    const full = await source.read("fc.weight");
    await source.close();
    const reader = await openCheckpoint(join(outDir, "model.safetensors"));
    const slice = await reader.read("fc.weight");
    expect(reader.entry("fc.weight").shape).toEqual([40, 150]);
    await reader.close();
    const expected = Float32Array.from({ length: 40 * 150 }, (_, index) => full[Math.floor(index / 150) * 300 + 100 + (index % 150)]!);
    expect(slice).toEqual(expected);
  });

  it("a failed range read (the checkpoint shrank after planning) is a coded error and leaves no output", async () => {
    const checkpoint = writeLinearCheckpoint(512, 512, "F32");
    const { model } = await loadModelFile(writePretrainedModel(work, checkpoint, 512, 512));
    const outDir = join(work, `out-${counter++}`);
    const original = readFileSync(checkpoint);
    const running = initToSafetensors(model, {
      outDir,
      maxMemory: "512KiB",
      onProgress: (written) => {
        if (written > 0) writeFileSync(checkpoint, original.subarray(0, 4096));
      },
    });
    await expect(running).rejects.toMatchObject({ name: "InitlibError" });
    expect(() => readFileSync(join(outDir, "model.safetensors"))).toThrow();
  });
});
