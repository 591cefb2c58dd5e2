import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCheckpoint, openFileSource, readSafetensors, type WritableFileHandle } from "@initlib/checkpoint";
import { createTfjsCpuBackend } from "@initlib/backend-tfjs";
import { generateRuleValues } from "@initlib/initializers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelFile } from "../src/load-model-file";
import { initToSafetensors } from "../src/streaming/init-to-safetensors";
import { filesOf, writeMixedModel } from "./stream-models";

let work: string;
let modelPath: string;
let counter = 0;
const fresh = () => join(work, `out${counter++}`);
const model = async () => (await loadModelFile(modelPath)).model;
const files = (directory: string) => filesOf(directory, readdirSync, (path) => new Uint8Array(readFileSync(path)));

beforeAll(async () => {
  tf.env().set("PROD", true);
  work = mkdtempSync(join(tmpdir(), "initlib-stream-"));
  modelPath = await writeMixedModel(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readDirectory(directory: string): Promise<Map<string, Float32Array>> {
  const index = join(directory, "model.safetensors.index.json");
  const reader = await openCheckpoint(existsSync(index) ? index : join(directory, "model.safetensors"));
  try {
    const tensors = new Map<string, Float32Array>();
    for (const key of reader.keys()) tensors.set(key, await reader.read(key));
    return tensors;
  } finally {
    await reader.close();
  }
}

describe("initToSafetensors", { timeout: 120_000 }, () => {
  it("writes what an in-memory init gives, every tensor bit for bit (random, constant, Orthogonal, Pretrained, buffers)", async () => {
    const directory = fresh();
    const output = await initToSafetensors(await model(), { outDir: directory, seed: 7, maxShardSize: "40KB", maxMemory: "1MB" });
    expect(output.layoutFiles.length).toBeGreaterThan(2);
    const streamed = await readDirectory(directory);
    const reference = await model();
    await (reference as unknown as { initWeights(options: object): Promise<unknown> }).initWeights({ backend: await createTfjsCpuBackend(), seed: 7 });
    const names = [...reference.stateEntries()].map((entry) => entry.name);
    expect([...streamed.keys()].sort()).toEqual([...names].sort());
    for (const { name, tensor } of reference.stateEntries()) expect(streamed.get(name), name).toEqual(await tensor.read());
    expect(streamed.get("head.fc.bias")).toEqual(new Float32Array(10).fill(0.5));
    expect(streamed.get("norm.running_var")).toEqual(new Float32Array(64).fill(1));
  });

  it("writes an index with Hugging Face's layout: total_size, a weight_map naming every tensor once, model-0000k-of-0000n names", async () => {
    const directory = fresh();
    await initToSafetensors(await model(), { outDir: directory, maxShardSize: 40_000, maxMemory: "1MB" });
    const index = JSON.parse(readFileSync(join(directory, "model.safetensors.index.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(index)).toEqual(["metadata", "weight_map"]);
    const { metadata, weight_map: weightMap } = index as { metadata: Record<string, unknown>; weight_map: Record<string, string> };
    expect(Object.keys(metadata)).toEqual(["total_size"]);
    const shards = [...new Set(Object.values(weightMap))].sort();
    const shardNames = readdirSync(directory).filter((name) => name.endsWith(".safetensors")).sort();
    expect(shards).toEqual(shardNames);
    shardNames.forEach((name, position) => expect(name).toBe(`model-${String(position + 1).padStart(5, "0")}-of-${String(shardNames.length).padStart(5, "0")}.safetensors`));
    expect(Object.keys(weightMap)).toEqual(Object.keys(weightMap).sort());
    let totalSize = 0;
    for (const shard of shardNames) {
      const reader = await readSafetensors(await openFileSource(join(directory, shard)));
      let shardBytes = 0;
      for (const key of reader.keys()) {
        expect(weightMap[key]).toBe(shard);
        const bytes = reader.entry(key).shape.reduce((product, extent) => product * extent, 1) * 4;
        shardBytes += bytes;
        totalSize += bytes;
      }
      // Every shard within the size, unless it is one tensor larger than the size (alone in its shard).
      if (shardBytes > 40_000) expect(reader.keys()).toHaveLength(1);
      expect(reader.metadata).toMatchObject({ format: "pt", producer: "initlib" });
      await reader.close();
    }
    expect(metadata.total_size).toBe(totalSize);
  });

  it("writes one model.safetensors and no index when everything fits one shard", async () => {
    const directory = fresh();
    await initToSafetensors(await model(), { outDir: directory });
    expect(readdirSync(directory)).toEqual(["model.safetensors"]);
    expect((await readDirectory(directory)).size).toBe([...(await model()).stateEntries()].length);
  });

  it("gives the same bytes split into 2 or 3 parts as in one process; index.json comes from part 1", async () => {
    const whole = fresh();
    await initToSafetensors(await model(), { outDir: whole, maxShardSize: "30KB", maxMemory: "1MB" });
    for (const count of [2, 3]) {
      const split = fresh();
      const written: string[][] = [];
      for (let index = 1; index <= count; index++) written.push([...(await initToSafetensors(await model(), { outDir: split, maxShardSize: "30KB", maxMemory: "1MB", shard: `${index}/${count}` })).writtenFiles]);
      expect(files(split)).toEqual(files(whole));
      expect(new Set(written.flat()).size).toBe(written.flat().length);
      expect(written[0]).toContain("model.safetensors.index.json");
    }
  });

  it("writes tensor-parallel slices: exactly those rows or columns of the full init", async () => {
    const whole = await readDirectory(await initToSafetensors(await model(), { outDir: fresh() }).then((output) => output.directory));
    const directory = fresh();
    await initToSafetensors(await model(), {
      outDir: directory,
      slices: { "block0.weight": { dim: 0, start: 32, end: 96 }, "block1.weight": { dim: 1, start: 64, end: 128 }, "conv.weight": { dim: 1, start: 1, end: 2 } },
    });
    const sliced = await readDirectory(directory);
    const full0 = whole.get("block0.weight")!;
    expect(sliced.get("block0.weight")).toEqual(full0.subarray(32 * 64, 96 * 64));
    const full1 = whole.get("block1.weight")!;
    const columns = new Float32Array(128 * 64);
    for (let row = 0; row < 128; row++) columns.set(full1.subarray(row * 128 + 64, row * 128 + 128), row * 64);
    expect(sliced.get("block1.weight")).toEqual(columns);
    const conv = whole.get("conv.weight")!;
    const channel = new Float32Array(8 * 9);
    for (let out = 0; out < 8; out++) channel.set(conv.subarray(out * 27 + 9, out * 27 + 18), out * 9);
    expect(sliced.get("conv.weight")).toEqual(channel);
    expect(sliced.get("block2.weight")).toEqual(whole.get("block2.weight"));
  });

  it("writes the values of the generator's definition for a parameter larger than several chunks", async () => {
    const path = join(work, "wide.json");
    writeFileSync(path, JSON.stringify({ class: "Wide", base: "BaseModule", init_cfg: { type: "Normal", layer: "Linear", std: 0.5 }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 700, out_features: 600 } } }] }));
    const directory = fresh();
    const output = await initToSafetensors((await loadModelFile(path)).model, { outDir: directory, maxMemory: "512KiB", seed: 3 });
    expect(output.chunkElements).toBe(65536);
    const expected = new Float32Array(420_000);
    generateRuleValues({ kind: "normal", mean: 0, std: 0.5 }, { seed: 3, path: "fc.weight" }, 0, expected);
    expect((await readDirectory(directory)).get("fc.weight")).toEqual(expected);
  });
});

describe("initToSafetensors refuses bad input and leaves nothing behind", { timeout: 120_000 }, () => {
  it.each(["3/2", "0/2", "a/b", "1/0", "2"])("--shard %s is INITLIB_BAD_ARGUMENT, before any file exists", async (shard) => {
    const directory = fresh();
    await expect(initToSafetensors(await model(), { outDir: directory, shard })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "--shard" });
    expect(existsSync(directory)).toBe(false);
  });

  it("--max-memory below one pair of chunks, or below a tensor loaded whole, is INITLIB_BAD_ARGUMENT", async () => {
    await expect(initToSafetensors(await model(), { outDir: fresh(), maxMemory: "100KB" })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "--max-memory" });
    const path = join(work, "orthogonal.json");
    writeFileSync(path, JSON.stringify({ class: "O", base: "BaseModule", init_cfg: { type: "Orthogonal", layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 512, out_features: 512 } } }] }));
    await expect(initToSafetensors((await loadModelFile(path)).model, { outDir: fresh(), maxMemory: "600KiB" })).rejects.toThrow(/fc\.weight, whose values .* are loaded whole/);
  });

  it("refuses a non-empty directory that is not an earlier initlib output and leaves it untouched", async () => {
    const directory = fresh();
    mkdirSync(directory);
    writeFileSync(join(directory, "notes.txt"), "mine");
    await expect(initToSafetensors(await model(), { outDir: directory })).rejects.toMatchObject({ code: "INITLIB_UNSAFE_OUTPUT" });
    writeFileSync(join(directory, "notes.txt"), "");
    rmSync(join(directory, "notes.txt"));
    writeFileSync(join(directory, "model.safetensors"), "not ours");
    await expect(initToSafetensors(await model(), { outDir: directory })).rejects.toThrow(/was not written by initlib/);
    expect(readdirSync(directory)).toEqual(["model.safetensors"]);
  });

  it("refuses a model whose own initWeights code would run (a plan cannot see its writes)", async () => {
    const custom = fileURLToPath(new URL("./fixtures/toynet-custom-init-weights.json", import.meta.url));
    const directory = fresh();
    await expect(initToSafetensors((await loadModelFile(custom)).model, { outDir: directory })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG", received: "user_init_weights" });
    expect(existsSync(directory)).toBe(false);
  });

  it("a full disk mid-run is INITLIB_WRITE_FAILED: temporary files removed, the earlier output intact", async () => {
    const directory = fresh();
    await initToSafetensors(await model(), { outDir: directory, maxShardSize: "30KB", seed: 1 });
    const before = files(directory);
    const { open } = await import("node:fs/promises");
    let budget = 60_000;
    const openFile = async (path: string): Promise<WritableFileHandle> => {
      const handle = await open(path, "w");
      return {
        write: async (buffer, offset, length) => {
          if (length > budget) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });
          budget -= length;
          return handle.write(buffer, offset, length);
        },
        close: () => handle.close(),
      };
    };
    const failure = initToSafetensors(await model(), { outDir: directory, maxShardSize: "30KB", seed: 2, openFile });
    await expect(failure).rejects.toMatchObject({ code: "INITLIB_WRITE_FAILED", received: expect.stringContaining("ENOSPC") });
    expect(files(directory)).toEqual(before);
  });

  it("a failure in a new directory removes the directory it created", async () => {
    const directory = fresh();
    const openFile = async (): Promise<WritableFileHandle> => {
      throw Object.assign(new Error("EIO: i/o error, open"), { code: "EIO" });
    };
    await expect(initToSafetensors(await model(), { outDir: directory, openFile })).rejects.toMatchObject({ code: "INITLIB_WRITE_FAILED" });
    expect(existsSync(directory)).toBe(false);
  });

  it("replaces an earlier output split differently, dropping its stale shards", async () => {
    const directory = fresh();
    await initToSafetensors(await model(), { outDir: directory, maxShardSize: "20KB" });
    await initToSafetensors(await model(), { outDir: directory });
    expect(readdirSync(directory)).toEqual(["model.safetensors"]);
  });
});
