import { describe, expect, it } from "vitest";
import { CheckpointError, openCheckpoint, openCheckpointFromBytes } from "../src/index";
import { expected, fixture, fixtureBytes } from "./fixtures";

const TORCH_DTYPE_NAMES: Record<string, string> = {
  float64: "float64", float32: "float32", float16: "float16", bfloat16: "bfloat16", int64: "int64", int32: "int32",
  int16: "int16", int8: "int8", uint8: "uint8", bool: "bool",
};

async function expectMatchesPyTorch(name: string) {
  const reader = await openCheckpoint(fixture(name));
  expect(reader.format).toBe("torch");
  expect(reader.keys().sort()).toEqual(Object.keys(expected[name]!).sort());
  for (const [key, tensor] of Object.entries(expected[name]!)) {
    const entry = reader.entry(key);
    expect(entry.shape).toEqual(tensor.shape);
    expect(entry.dtype).toBe(TORCH_DTYPE_NAMES[tensor.dtype]);
    expect([...(await reader.read(key))]).toEqual(tensor.values);
  }
  await reader.close();
  return reader;
}

describe("torch.save archives written by PyTorch", () => {
  it.each(["flat.pth", "flat-deflated.pth", "dtypes.pth", "views.pth", "batchnorm.pth", "wrapped-module.pth"])("reads %s exactly", async (name) => {
    await expectMatchesPyTorch(name);
  });

  it("keeps the state dict's order and flattens nested dicts with dots", async () => {
    const reader = await openCheckpoint(fixture("wrapped-module.pth"));
    expect(reader.keys()).toEqual(["state_dict.module.linear.weight", "state_dict.module.linear.bias", "state_dict.module.conv.weight", "state_dict.module.conv.bias"]);
    expect(reader.metadata).toEqual({ meta: { epoch: 3, note: "ddp", lr: 0.5, flags: [true, null] } });
  });

  it("reads a transposed view and a strided slice by their strides", async () => {
    const reader = await openCheckpoint(fixture("views.pth"));
    const transposed = await reader.read("transposed");
    // storage_owner = arange(24).reshape(4, 6); transposed[i][j] = 6 * j + i
    expect([...transposed.subarray(0, 5)]).toEqual([0, 6, 12, 18, 1]);
    expect([...(await reader.read("sliced"))]).toEqual([6, 8, 10, 12, 14, 16, 18, 20, 22]);
  });

  it("reads BatchNorm buffers including num_batches_tracked", async () => {
    const reader = await openCheckpoint(fixture("batchnorm.pth"));
    expect(reader.keys()).toEqual(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
    expect(reader.entry("num_batches_tracked")).toMatchObject({ dtype: "int64", shape: [], elementCount: 1 });
    expect([...(await reader.read("num_batches_tracked"))]).toEqual([1]);
  });

  it("reads into a preallocated array and rejects one of the wrong length", async () => {
    const reader = await openCheckpointFromBytes(fixtureBytes("flat.pth"), { name: "flat.pth" });
    const into = new Float32Array(6);
    expect(await reader.read("linear.weight", { into })).toBe(into);
    expect([...into]).toEqual(expected["flat.pth"]!["linear.weight"]!.values);
    await expect(reader.read("linear.weight", { into: new Float32Array(5) })).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT" });
    expect(() => reader.entry("nope")).toThrow(/no tensor "nope"/);
  });

  it("refuses a pickle that would call os.system, naming the global, without running it", async () => {
    const error = await openCheckpoint(fixture("malicious.pth")).catch((caught: unknown) => caught);
    expect(CheckpointError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "CHECKPOINT_FORBIDDEN_GLOBAL", received: "posix.system" });
    expect((error as Error).message).toContain("malicious.pth");
    expect((error as Error).message).toContain("posix.system");
  });

  it("refuses the legacy non-zip format with advice", async () => {
    await expect(openCheckpoint(fixture("legacy.pth"))).rejects.toMatchObject({ code: "CHECKPOINT_LEGACY_FORMAT", message: expect.stringContaining("legacy") });
  });

  it("fails on reads after close", async () => {
    const reader = await openCheckpoint(fixture("flat.pth"));
    await reader.close();
    await expect(reader.read("linear.bias")).rejects.toMatchObject({ code: "CHECKPOINT_CLOSED" });
  });
});
