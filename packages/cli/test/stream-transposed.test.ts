import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCheckpoint, writeSafetensors } from "@initlib/checkpoint";
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
  work = mkdtempSync(join(tmpdir(), "initlib-stream-transposed-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Streams `modelPath` to disk and compares every tensor with an in-memory init, bit for bit. */
async function expectStreamEqualsInMemory(modelPath: string, maxMemory: string): Promise<{ chunkElements: number; names: string[] }> {
  const outDir = join(work, `out-${counter++}`);
  const output = await initToSafetensors((await loadModelFile(modelPath)).model, { outDir, maxMemory, maxShardSize: "1GB" });
  const reference = (await loadModelFile(modelPath)).model;
  await (reference as unknown as { initWeights(options: object): Promise<unknown> }).initWeights({ backend: await createTfjsCpuBackend(), seed: 0 });
  const reader = await openCheckpoint(join(outDir, "model.safetensors"));
  const names: string[] = [];
  try {
    for (const { name, tensor } of reference.stateEntries()) {
      const streamed = await reader.read(name);
      const expected = await tensor.read();
      expect(new Uint8Array(streamed.buffer), name).toEqual(new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength));
      names.push(name);
    }
  } finally {
    await reader.close();
  }
  return { chunkElements: output.chunkElements, names };
}

describe("streamed init of transposed and tfjs Pretrained tensors", { timeout: 300_000 }, () => {
  it("streams a Linear kernel stored [in, out] (declared IO) into the [out, in] weight, 4.8 times --max-memory, equal to an in-memory init", async () => {
    const [inFeatures, outFeatures] = [700, 900];
    const checkpoint = join(work, "kernel-io.safetensors");
    // Stored transposed: element (i, o) of the [in, out] kernel is weight[o][i].
    const kernel = Float32Array.from({ length: inFeatures * outFeatures }, (_, index) => Math.sin(index * 0.37) * 0.1);
    await writeSafetensors(checkpoint, {
      "fc.weight": { data: kernel, shape: [inFeatures, outFeatures], layout: "IO" },
      "fc.bias": { data: new Float32Array(outFeatures).fill(0.25), shape: [outFeatures] },
    });
    const { chunkElements } = await expectStreamEqualsInMemory(writePretrainedModel(work, checkpoint, inFeatures, outFeatures), "512KiB");
    // 2.4 MB of weights through three buffers of chunkElements floats within 512 KiB: read window by window.
    expect(chunkElements * 4 * 3).toBeLessThanOrEqual(512 * 1024);
    expect(chunkElements).toBeLessThan(inFeatures * outFeatures);
    // and it is the transpose of what was stored
    const outDir = join(work, `out-${counter - 1}`);
    const reader = await openCheckpoint(join(outDir, "model.safetensors"));
    const weight = await reader.read("fc.weight");
    await reader.close();
    for (const [o, i] of [[0, 0], [1, 0], [0, 1], [899, 699], [123, 456]] as const) expect(weight[o * inFeatures + i]).toBe(kernel[i * outFeatures + o]);
  });

  it("streams a conv kernel stored HWIO into an OIHW weight, larger than --max-memory, equal to an in-memory init", async () => {
    const checkpoint = join(work, "conv-hwio.safetensors");
    const [height, width, inputs, outputs] = [5, 5, 64, 96];
    const kernel = Float32Array.from({ length: height * width * inputs * outputs }, (_, index) => Math.cos(index * 0.11) * 0.2);
    await writeSafetensors(checkpoint, { "conv.weight": { data: kernel, shape: [height, width, inputs, outputs], layout: "HWIO" } });
    const spec = {
      class: "Net",
      base: "BaseModule",
      init_cfg: { type: "Pretrained", checkpoint },
      children: [{ name: "conv", module: { class: "Conv2d", base: "nn.Conv2d", args: { in_channels: inputs, out_channels: outputs, kernel_size: 5, bias: false } } }],
    };
    const path = join(work, "conv-model.json");
    writeFileSync(path, JSON.stringify(spec));
    const { names } = await expectStreamEqualsInMemory(path, "512KiB");
    expect(names).toEqual(["conv.weight"]);
  });

  it("streams uint8-quantized tfjs weights split over two shard files, equal to an in-memory init", async () => {
    const [inFeatures, outFeatures] = [600, 500];
    const directory = mkdtempSync(join(work, "tfjs-"));
    const quantized = Uint8Array.from({ length: inFeatures * outFeatures }, (_, index) => (index * 37 + (index >> 9)) % 256);
    const bias = new Float32Array(outFeatures).fill(-0.5);
    const group = new Uint8Array(quantized.length + bias.byteLength);
    group.set(quantized);
    group.set(new Uint8Array(bias.buffer), quantized.length);
    writeFileSync(join(directory, "group1-shard1of2.bin"), group.subarray(0, 100_001));
    writeFileSync(join(directory, "group1-shard2of2.bin"), group.subarray(100_001));
    const weights = [
      { name: "fc.weight", shape: [outFeatures, inFeatures], dtype: "float32", quantization: { dtype: "uint8", min: -0.75, scale: 0.0059 } },
      { name: "fc.bias", shape: [outFeatures], dtype: "float32" },
    ];
    writeFileSync(join(directory, "model.json"), JSON.stringify({ format: "layers-model", weightsManifest: [{ paths: ["group1-shard1of2.bin", "group1-shard2of2.bin"], weights }] }));
    const { names } = await expectStreamEqualsInMemory(writePretrainedModel(work, join(directory, "model.json"), inFeatures, outFeatures), "512KiB");
    expect(names).toEqual(["fc.weight", "fc.bias"]);
  });
});
