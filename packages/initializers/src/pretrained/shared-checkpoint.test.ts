import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCheckpoint, writeSafetensors, type CheckpointReader } from "@initlib/checkpoint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedCheckpoint } from "./shared-checkpoint";

let directory: string;
let file: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "initlib-shared-"));
  file = join(directory, "two.safetensors");
  await writeSafetensors(file, {
    a: { data: new Float32Array([1, 2]), shape: [2] },
    b: { data: new Float32Array([3]), shape: [1] },
  });
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A reader over `file` whose closes are counted, and that can be made to fail closing. */
async function countedReader(options: { failClose?: boolean } = {}): Promise<{ reader: CheckpointReader; closes: () => number }> {
  const inner = await openCheckpoint(file, {});
  let closes = 0;
  const reader: CheckpointReader = {
    ...inner,
    read: (key, readOptions) => inner.read(key, readOptions),
    async close() {
      closes += 1;
      await inner.close();
      if (options.failClose) throw new Error("close failed");
    },
  };
  return { reader, closes: () => closes };
}

describe("SharedCheckpoint", () => {
  it("stays open until its owner closes it when no load is planned; close is idempotent", async () => {
    const { reader, closes } = await countedReader();
    const shared = new SharedCheckpoint(file, {}, reader, 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closes()).toBe(0);
    await shared.close();
    await shared.close();
    expect(closes()).toBe(1);
  });

  it("closes after the last planned load, and at the end of an `await using` scope", async () => {
    const { reader, closes } = await countedReader();
    {
      await using shared = new SharedCheckpoint(file, {}, reader, 2);
      expect([...(await shared.read("a"))]).toEqual([1, 2]);
      expect(closes()).toBe(0);
      expect([...(await shared.read("b"))]).toEqual([3]);
      expect(closes()).toBe(1);
      // A read after the close reopens the file (a new reader, which the scope's end closes).
      expect([...(await shared.read("a"))]).toEqual([1, 2]);
    }
    expect(closes()).toBe(1);
  });

  it("a failing automatic close does not fail the read; the owner's close reports it once", async () => {
    const { reader, closes } = await countedReader({ failClose: true });
    const shared = new SharedCheckpoint(file, {}, reader, 1);
    expect([...(await shared.read("b"))]).toEqual([3]);
    expect(closes()).toBe(1);
    await expect(shared.close()).rejects.toThrow("close failed");
    await expect(shared.close()).resolves.toBeUndefined();
  });
});
