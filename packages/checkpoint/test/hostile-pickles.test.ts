import { deflateSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { CheckpointError, openCheckpointFromBytes } from "../src/index";
import { archive, concat, tensorPickle } from "./hostile-builders";
import { checkpointErrorCode } from "./checkpoint-error-code";

/**
 * `{ key: None }` where `key` is a tuple `levels` deep, each level the previous one twice
 * (BINPUT/BINGET): 2^levels leaves in a pickle of a few hundred bytes.
 */
function sharedTupleKeyPickle(levels: number): Uint8Array {
  const parts: number[][] = [[0x80, 0x02, 0x7d], [0x4b, 0x00, 0x71, 0x00, 0x30]];
  for (let level = 1; level <= levels; level += 1) parts.push([0x68, level - 1, 0x68, level - 1, 0x86, 0x71, level, 0x30]);
  parts.push([0x68, levels, 0x4e, 0x73, 0x2e]);
  return concat(...parts);
}

describe("a pickle whose dict key shares a tuple across 64 levels (2^64 leaves)", () => {
  const pickle = sharedTupleKeyPickle(64);

  it("is a few hundred bytes", () => {
    expect(pickle.length).toBeLessThan(600);
  });

  it("loads in linear time: keys are kept by reference and rendered within a budget", { timeout: 10_000 }, async () => {
    const reader = await openCheckpointFromBytes(archive(pickle), { name: "dag.pth" });
    expect(reader.keys()).toEqual([]);
    const [name] = Object.keys(reader.metadata);
    expect(name!.length).toBeLessThan(400);
    expect(name).toMatch(/^\(\(\(/);
  });

  it("is refused with a coded error when nesting exceeds the caller's depth limit", async () => {
    const code = await checkpointErrorCode(() => openCheckpointFromBytes(archive(pickle), { name: "dag.pth", zipLimits: { maxDepth: 32 } }));
    expect(code).toBe("CHECKPOINT_TOO_LARGE");
  });

  it("is refused when the memo or opcode budget is exhausted", async () => {
    expect(await checkpointErrorCode(() => openCheckpointFromBytes(archive(pickle), { name: "dag.pth", zipLimits: { maxMemoEntries: 10 } }))).toBe("CHECKPOINT_TOO_LARGE");
    expect(await checkpointErrorCode(() => openCheckpointFromBytes(archive(pickle), { name: "dag.pth", zipLimits: { maxOpcodes: 100 } }))).toBe("CHECKPOINT_TOO_LARGE");
  });
});

describe("a 2-element view with a huge stride over a large storage", () => {
  const storageFloats = 2 ** 24; // 64 MiB of float32
  const stride = storageFloats - 1;
  const pickle = tensorPickle("linear.bias", storageFloats, 0, [2], [stride]);

  it("is refused before inflating when the storage is deflated zeros (a decompression bomb)", async () => {
    const zeros = new Uint8Array(storageFloats * 4);
    const bytes = zipSync({ "archive/data.pkl": [pickle, { level: 0 }], "archive/data/0": [zeros, { level: 9 }] });
    expect(bytes.length).toBeLessThan(zeros.length / 500);
    const error = await openCheckpointFromBytes(bytes, { name: "bomb.pth" }).then(
      async (reader) => reader.read("linear.bias"),
      (caught: unknown) => caught,
    );
    expect(CheckpointError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
    expect((error as Error).message).toMatch(/decompression bomb/);
  });

  it("reads only the view's elements from a stored storage (no span-sized window)", async () => {
    const storage = new Float32Array(storageFloats);
    storage[0] = 1.5;
    storage[stride] = -2.25;
    const reader = await openCheckpointFromBytes(archive(pickle, { 0: new Uint8Array(storage.buffer) }), { name: "sparse-view.pth" });
    expect([...(await reader.read("linear.bias"))]).toEqual([1.5, -2.25]);
  });

  it("gathers a sparse 2-D view run by run exactly as a dense gather would", async () => {
    const storage = Float32Array.from({ length: 300_000 }, (_, index) => index);
    // Two rows of 3, 200_000 elements apart: the span is far past twice the view plus the slack,
    // so the run-by-run path is the one exercised.
    const sparse = tensorPickle("w", 300_000, 7, [2, 3], [200_000, 1]);
    const reader = await openCheckpointFromBytes(archive(sparse, { 0: new Uint8Array(storage.buffer) }), { name: "runs.pth" });
    expect([...(await reader.read("w"))]).toEqual([7, 8, 9, 200_007, 200_008, 200_009]);
  });

  it("keeps deflated members under the ratio cap readable (small zero buffers compress well)", async () => {
    const small = new Float32Array(1024);
    small[3] = 4;
    const bytes = zipSync({ "archive/data.pkl": [tensorPickle("b", 1024, 0, [4], [1]), { level: 0 }], "archive/data/0": [new Uint8Array(small.buffer), { level: 9 }] });
    expect(deflateSync(new Uint8Array(small.buffer)).length).toBeLessThan(100);
    const reader = await openCheckpointFromBytes(bytes, { name: "small.pth" });
    expect([...(await reader.read("b"))]).toEqual([0, 0, 0, 4]);
  });
});

describe("forged headers", () => {
  const safetensorsWithHeader = (header: string, dataBytes: number) => {
    const text = new TextEncoder().encode(header);
    const out = new Uint8Array(8 + text.length + dataBytes);
    new DataView(out.buffer).setUint32(0, text.length, true);
    out.set(text, 8);
    return out;
  };

  it("refuses a safetensors header that names a tensor twice (JSON keeps only the last)", async () => {
    const header = '{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}';
    const error = await openCheckpointFromBytes(safetensorsWithHeader(header, 8), { name: "twice.safetensors" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CHECKPOINT_BAD_HEADER" });
    expect((error as Error).message).toMatch(/names "w" twice/);
  });

  it("refuses a declared layout that does not fit the tensor's shape", async () => {
    for (const layout of ["OIHW", "OO", "io"]) {
      const header = `{"__metadata__": {"initlib.layout.w": "${layout}"}, "w": {"dtype": "F32", "shape": [1, 1], "data_offsets": [0, 4]}}`;
      const error = await openCheckpointFromBytes(safetensorsWithHeader(header, 4), { name: "layout.safetensors" }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "CHECKPOINT_BAD_HEADER" });
    }
  });

  it("refuses a negative storage offset while unpickling", async () => {
    const error = await openCheckpointFromBytes(archive(tensorPickle("w", 4, -1, [1], [1]), { 0: new Uint8Array(16) }), { name: "negative.pth" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CHECKPOINT_BAD_PICKLE" });
    expect((error as Error).message).toMatch(/negative storage offset/);
  });
});

describe("caller-set limits", () => {
  it("refuse a safetensors header above maxHeaderBytes, and a JSON file above maxJsonBytes", async () => {
    const { encodeSafetensors } = await import("../src/index");
    const bytes = encodeSafetensors({ w: { data: new Float32Array(4), shape: [4] } });
    expect(await openCheckpointFromBytes(bytes, { limits: { maxHeaderBytes: 16 } }).catch((error: unknown) => error)).toMatchObject({ code: "CHECKPOINT_BAD_HEADER" });
    expect((await openCheckpointFromBytes(bytes)).keys()).toEqual(["w"]);
    const json = new TextEncoder().encode(JSON.stringify({ weight_map: { w: "a.safetensors" } }));
    expect(await openCheckpointFromBytes(json, { format: "tfjs", limits: { maxJsonBytes: 8 } }).catch((error: unknown) => error)).toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
  });
});
