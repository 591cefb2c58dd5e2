import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openCheckpoint, openCheckpointFromBytes } from "../src/index";
import { expected, fixture, fixtureBytes } from "./fixtures";

describe("tfjs model.json + shards", () => {
  it("reads float32, int32, quantized uint8/uint16 and float16 weights across shards", async () => {
    const reader = await openCheckpoint(fixture("tfjs/model.json"));
    expect(reader.format).toBe("tfjs");
    expect(reader.metadata).toEqual({ format: "layers-model", generatedBy: "make-fixtures.py" });
    expect(reader.keys()).toEqual(Object.keys(expected["tfjs/model.json"]!));
    for (const [key, tensor] of Object.entries(expected["tfjs/model.json"]!)) {
      const entry = reader.entry(key);
      expect(entry.shape).toEqual(tensor.shape);
      expect(entry.dtype).toBe(tensor.dtype);
      const values = await reader.read(key);
      tensor.values.forEach((value, index) => expect(values[index]).toBeCloseTo(value, 6));
    }
    await reader.close();
  });

  const manifest = () => JSON.parse(readFileSync(fixture("tfjs/model.json"), "utf8"));
  const shards = () => ({
    "group1-shard1of2.bin": fixtureBytes("tfjs/group1-shard1of2.bin"),
    "group1-shard2of2.bin": fixtureBytes("tfjs/group1-shard2of2.bin"),
    "group2-shard1of1.bin": fixtureBytes("tfjs/group2-shard1of1.bin"),
  });
  const open = (model: unknown, files: Record<string, Uint8Array> = shards()) =>
    openCheckpointFromBytes(new TextEncoder().encode(JSON.stringify(model)), { name: "model.json", files });

  it("reads from bytes with the shards given by path", async () => {
    const reader = await open(manifest());
    expect([...(await reader.read("steps"))]).toEqual([1, -2, 3]);
  });

  it("names a missing shard", async () => {
    const files = shards() as Record<string, Uint8Array>;
    delete files["group2-shard1of1.bin"];
    await expect(open(manifest(), files)).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining("group2-shard1of1.bin") });
  });

  it("rejects shards shorter or longer than the manifest says", async () => {
    const short = shards();
    short["group1-shard2of2.bin"] = short["group1-shard2of2.bin"].subarray(0, 10);
    await expect(open(manifest(), short)).rejects.toMatchObject({ code: "CHECKPOINT_TRUNCATED" });
    const long = shards();
    long["group2-shard1of1.bin"] = new Uint8Array(64);
    await expect(open(manifest(), long)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_OFFSETS" });
  });

  it("rejects unsupported dtypes and quantizations, and a manifest-less JSON", async () => {
    const model = manifest();
    model.weightsManifest[0].weights[2].dtype = "string";
    await expect(open(model)).rejects.toMatchObject({ code: "CHECKPOINT_UNSUPPORTED_DTYPE" });
    const quantized = manifest();
    quantized.weightsManifest[1].weights[0].quantization.dtype = "int4";
    await expect(open(quantized)).rejects.toMatchObject({ code: "CHECKPOINT_UNSUPPORTED_DTYPE" });
    await expect(open({ modelTopology: {} })).rejects.toMatchObject({ code: "CHECKPOINT_BAD_HEADER" });
  });

  it("refuses shard paths that leave the model directory", async () => {
    const model = manifest();
    model.weightsManifest[0].paths[0] = "../secret.bin";
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const directory = mkdtempSync(join(tmpdir(), "initlib-tfjs-"));
    writeFileSync(join(directory, "model.json"), JSON.stringify(model));
    await expect(openCheckpoint(join(directory, "model.json"))).rejects.toMatchObject({ code: "CHECKPOINT_UNSAFE_PATH" });
  });
});
