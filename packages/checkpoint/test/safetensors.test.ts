import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemorySource, encodeSafetensors, readSafetensors, openCheckpoint, openCheckpointFromBytes, writeSafetensors, type CheckpointErrorCode } from "../src/index";
import { expected, fixture } from "./fixtures";

const directory = mkdtempSync(join(tmpdir(), "initlib-safetensors-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A safetensors file with a hand-written header (for malformed cases). */
function craft(header: unknown, dataLength: number, headerText = JSON.stringify(header)): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

async function expectCode(bytes: Uint8Array, code: CheckpointErrorCode, pattern?: RegExp) {
  const error = await openCheckpointFromBytes(bytes, { name: "bad.safetensors", format: "safetensors" }).catch((caught: unknown) => caught);
  expect(error).toMatchObject({ name: "CheckpointError", code });
  expect((error as Error).message).toContain("bad.safetensors");
  if (pattern) expect((error as Error).message).toMatch(pattern);
}

describe("safetensors", () => {
  it("reads every dtype of a file written from PyTorch tensors, and keeps __metadata__", async () => {
    const reader = await openCheckpoint(fixture("dtypes.safetensors"));
    expect(reader.format).toBe("safetensors");
    expect(reader.metadata).toEqual({ format: "pt", source: "make-fixtures.py" });
    for (const [key, tensor] of Object.entries(expected["dtypes.safetensors"]!)) {
      expect(reader.entry(key).shape).toEqual(tensor.shape);
      expect([...(await reader.read(key))]).toEqual(tensor.values);
    }
    expect(reader.entry("bf16").dtype).toBe("bfloat16");
    await reader.close();
  });

  it("round-trips through writeSafetensors with layouts declared in the metadata", async () => {
    const path = join(directory, "round-trip.safetensors");
    const kernel = Float32Array.from({ length: 24 }, (_, index) => index - 12.5);
    await writeSafetensors(
      path,
      {
        "conv.weight": { data: kernel, shape: [2, 3, 2, 2], layout: "HWIO" },
        steps: { data: BigInt64Array.from([-5n, 2n ** 40n]), shape: [2] },
        mask: { data: Uint8Array.from([1, 0, 1]), shape: [3], bool: true },
        half: { data: Uint16Array.from([0x3c00, 0xc000]), shape: [2] },
      },
      { note: "hello" },
    );
    const reader = await openCheckpoint(path);
    expect(reader.keys()).toEqual(["conv.weight", "steps", "mask", "half"]);
    expect(reader.entry("conv.weight").layout).toBe("HWIO");
    expect(reader.metadata).toMatchObject({ note: "hello", "initlib.layout.conv.weight": "HWIO" });
    expect([...(await reader.read("conv.weight"))]).toEqual([...kernel]);
    expect([...(await reader.read("steps"))]).toEqual([-5, 2 ** 40]);
    expect(reader.entry("mask").dtype).toBe("bool");
    expect(reader.entry("half").dtype).toBe("uint16");
    await reader.close();
    // Header padded to 8 bytes, so float32 data is aligned.
    const bytes = readFileSync(path);
    expect(Number(bytes.readBigUInt64LE(0)) % 8).toBe(0);
  });

  it("writes to a stream the same bytes encodeSafetensors returns", async () => {
    const tensors = { a: { data: new Float32Array([1, 2]), shape: [2] } };
    const chunks: Uint8Array[] = [];
    await writeSafetensors({ write: (chunk) => chunks.push(chunk) }, tensors);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(encodeSafetensors(tensors)));
  });

  it("rejects a writer input whose shape does not match its data", () => {
    expect(() => encodeSafetensors({ a: { data: new Float32Array(3), shape: [2, 2] } })).toThrow(/shape does not match/);
  });

  it("rejects a header length beyond the file", async () => {
    const bytes = craft({}, 0);
    new DataView(bytes.buffer).setBigUint64(0, 1000n, true);
    await expectCode(bytes, "CHECKPOINT_TRUNCATED", /beyond the end of the file/);
  });

  it("rejects a header length above 100 MB without allocating it", async () => {
    const bytes = craft({}, 0);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 60n, true);
    await expectCode(bytes, "CHECKPOINT_BAD_HEADER", /exceeds/);
  });

  it("rejects a file shorter than the length prefix", async () => {
    await expectCode(new Uint8Array(5), "CHECKPOINT_TRUNCATED");
  });

  it("rejects headers that are not JSON objects", async () => {
    await expectCode(craft(null, 0, "{not json"), "CHECKPOINT_BAD_HEADER", /JSON/);
    await expectCode(craft([1], 0), "CHECKPOINT_BAD_HEADER");
  });

  it("rejects overlapping, out-of-range and gapped offsets", async () => {
    await expectCode(
      craft({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, 12),
      "CHECKPOINT_BAD_OFFSETS",
      /overlaps/,
    );
    await expectCode(craft({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, 4), "CHECKPOINT_BAD_OFFSETS", /outside/);
    await expectCode(craft({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, 8), "CHECKPOINT_BAD_OFFSETS", /gap/);
    await expectCode(craft({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, 8), "CHECKPOINT_BAD_OFFSETS", /cover/);
    await expectCode(craft({ a: { dtype: "F32", shape: [1], data_offsets: [8, 4] } }, 8), "CHECKPOINT_BAD_OFFSETS");
    await expectCode(craft({ a: { dtype: "F32", shape: [1], data_offsets: [0, -4] } }, 8), "CHECKPOINT_BAD_OFFSETS");
  });

  it("rejects a dtype × shape that does not match the byte length", async () => {
    await expectCode(craft({ a: { dtype: "F32", shape: [2], data_offsets: [0, 12] } }, 12), "CHECKPOINT_BAD_SHAPE", /does not match/);
    await expectCode(craft({ a: { dtype: "F64", shape: [2], data_offsets: [0, 8] } }, 8), "CHECKPOINT_BAD_SHAPE");
  });

  it("rejects shapes whose element count overflows, before allocating", async () => {
    await expectCode(craft({ a: { dtype: "F32", shape: [2 ** 31, 2 ** 31, 2 ** 31], data_offsets: [0, 8] } }, 8), "CHECKPOINT_BAD_SHAPE", /more elements/);
    await expectCode(craft({ a: { dtype: "F32", shape: [-2], data_offsets: [0, 8] } }, 8), "CHECKPOINT_BAD_SHAPE", /invalid dimension/);
    await expectCode(craft({ a: { dtype: "F32", shape: [1.5], data_offsets: [0, 8] } }, 8), "CHECKPOINT_BAD_SHAPE");
  });

  it("rejects unknown dtypes and names the supported ones", async () => {
    await expectCode(craft({ a: { dtype: "F8_E4M3", shape: [1], data_offsets: [0, 1] } }, 1), "CHECKPOINT_UNSUPPORTED_DTYPE", /BF16/);
  });

  it("keeps a __proto__ metadata key as data", async () => {
    const reader = await openCheckpointFromBytes(craft({ __metadata__: { __proto__: "x", a: "b" } }, 0, '{"__metadata__":{"__proto__":"x","a":"b"}}'));
    expect(Object.keys(reader.metadata)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(reader.metadata)).toBe(Object.prototype);
  });

  it("accepts empty tensors and an empty file", async () => {
    const reader = await openCheckpointFromBytes(craft({ a: { dtype: "F32", shape: [0, 4], data_offsets: [0, 0] } }, 0));
    expect((await reader.read("a")).length).toBe(0);
    expect((await openCheckpointFromBytes(encodeSafetensors({}))).keys()).toEqual([]);
  });

  it("reads lazily: opening reads the header only, each read only its tensor's bytes", async () => {
    const bytes = encodeSafetensors({
      first: { data: new Float32Array(1000).fill(1), shape: [1000] },
      second: { data: new Float64Array([3, 4]), shape: [2] },
    });
    const reads: [number, number][] = [];
    const memory = createMemorySource(bytes, "spy.safetensors");
    const reader = await readSafetensors({ ...memory, read: (offset, length, into) => (reads.push([offset, length]), memory.read(offset, length, into)) });
    const headerBytes = reads.reduce((total, [, length]) => total + length, 0);
    expect(headerBytes).toBeLessThan(300);
    reads.length = 0;
    expect([...(await reader.read("second"))]).toEqual([3, 4]);
    expect(reads).toEqual([[bytes.length - 16, 16]]);
  });
});
