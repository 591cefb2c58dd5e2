import { describe, expect, it } from "vitest";
import { encodeSafetensors, openCheckpoint, openCheckpointFromBytes, type CheckpointReader } from "../src/index";
import { fixture } from "./fixtures";

/** Every window of every rangeable float tensor equals the same window of a whole read. */
async function expectRangesMatchWholeReads(reader: CheckpointReader): Promise<number> {
  let checked = 0;
  for (const key of reader.keys()) {
    if (!reader.canReadRange!(key)) continue;
    const whole = await reader.read(key);
    const total = whole.length;
    for (let start = 0; start <= total; start += Math.max(1, Math.floor(total / 5))) {
      for (const count of [0, 1, 3, total - start]) {
        if (start + count > total) continue;
        const part = await reader.readRange!(key, start, count);
        expect(Array.from(part), `${key} [${start}, +${count})`).toEqual(Array.from(whole.subarray(start, start + count)));
        checked += 1;
      }
    }
  }
  return checked;
}

describe("readRange", () => {
  it("reads any window of a safetensors tensor of every dtype, converted to float32", async () => {
    const reader = await openCheckpoint(fixture("dtypes.safetensors"));
    expect(reader.keys().every((key) => reader.canReadRange!(key))).toBe(true);
    expect(await expectRangesMatchWholeReads(reader)).toBeGreaterThan(20);
    await reader.close();
  });

  it("reads windows of every torch tensor: contiguous, strided views and deflated members", async () => {
    for (const name of ["dtypes.pth", "views.pth", "flat-deflated.pth"]) {
      const reader = await openCheckpoint(fixture(name));
      expect(reader.keys().every((key) => reader.canReadRange!(key)), name).toBe(true);
      expect(await expectRangesMatchWholeReads(reader), name).toBeGreaterThan(10);
      await reader.close();
    }
  });

  it("refuses ranges outside the tensor and destinations of the wrong length with coded errors", async () => {
    const bytes = encodeSafetensors({ weight: { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] } });
    const reader = await openCheckpointFromBytes(bytes, { name: "small.safetensors" });
    expect(Array.from(await reader.readRange!("weight", 4, 2))).toEqual([5, 6]);
    for (const [start, count] of [[5, 2], [7, 0], [-1, 1], [0.5, 1], [0, Number.NaN]] as const) {
      await expect(reader.readRange!("weight", start, count)).rejects.toMatchObject({
        code: "CHECKPOINT_BAD_ARGUMENT",
        message: expect.stringMatching(/outside the tensor.*small\.safetensors|small\.safetensors.*outside the tensor/s),
      });
    }
    await expect(reader.readRange!("weight", 0, 2, { into: new Float32Array(3) })).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT" });
    await expect(reader.readRange!("bias", 0, 1)).rejects.toMatchObject({ code: "CHECKPOINT_UNKNOWN_KEY" });
    await reader.close();
    await expect(reader.readRange!("weight", 0, 1)).rejects.toMatchObject({ code: "CHECKPOINT_CLOSED" });
  });
});
