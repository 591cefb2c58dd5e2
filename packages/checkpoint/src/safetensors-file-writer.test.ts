import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemorySource } from "./byte-source";
import { openSafetensorsFileWriter, type WritableFileHandle } from "./safetensors-file-writer";
import { encodeSafetensorsHeader } from "./safetensors-header";
import { readSafetensors } from "./safetensors-reader";
import { encodeSafetensors } from "./safetensors-writer";

const work = mkdtempSync(join(tmpdir(), "initlib-writer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const weight = Float32Array.from({ length: 12 }, (_, index) => index / 7 - 0.5);
const bias = Float32Array.from([0.25, -1, 3]);

describe("encodeSafetensorsHeader", () => {
  it("gives the header bytes encodeSafetensors writes for the same float32 tensors", () => {
    const whole = encodeSafetensors({ "fc.weight": { data: weight, shape: [3, 4], layout: "OI" }, "fc.bias": { data: bias, shape: [3] } }, { format: "pt" });
    const header = encodeSafetensorsHeader(
      [
        { name: "fc.weight", dtype: "F32", shape: [3, 4], layout: "OI" },
        { name: "fc.bias", dtype: "F32", shape: [3] },
      ],
      { format: "pt" },
    );
    expect(header.bytes).toEqual(whole.subarray(0, header.bytes.length));
    expect(header.bytes.length % 8).toBe(0);
    expect(header.dataBytes).toBe(whole.length - header.bytes.length);
    expect(header.dataOffsets).toEqual([
      [0, 48],
      [48, 60],
    ]);
  });

  it("refuses a repeated name, an unknown dtype and a bad shape", () => {
    expect(() => encodeSafetensorsHeader([{ name: "a", dtype: "F32", shape: [1] }, { name: "a", dtype: "F32", shape: [1] }])).toThrow(/declared twice/);
    expect(() => encodeSafetensorsHeader([{ name: "a", dtype: "F8", shape: [1] }])).toThrow(/unknown dtype/);
    expect(() => encodeSafetensorsHeader([{ name: "a", dtype: "F32", shape: [-1] }])).toThrow(/bad shape/);
    expect(() => encodeSafetensorsHeader([{ name: "__metadata__", dtype: "F32", shape: [1] }])).toThrow(/__metadata__/);
  });
});

describe("openSafetensorsFileWriter", () => {
  it("streams data in chunks of any size into a file the reader reads back", async () => {
    const path = join(work, "streamed.safetensors");
    const writer = await openSafetensorsFileWriter(path, [
      { name: "fc.weight", dtype: "F32", shape: [3, 4] },
      { name: "fc.bias", dtype: "F32", shape: [3] },
    ]);
    // Chunks that cross the boundary between the two tensors.
    await writer.write(weight.subarray(0, 5));
    await writer.write(new Float32Array([...weight.subarray(5), bias[0]!]));
    await writer.write(bias.subarray(1));
    await writer.finish();
    const bytes = new Uint8Array(readFileSync(path));
    expect(bytes).toEqual(encodeSafetensors({ "fc.weight": { data: weight, shape: [3, 4] }, "fc.bias": { data: bias, shape: [3] } }));
    expect(writer.fileBytes).toBe(bytes.length);
    const reader = await readSafetensors(createMemorySource(bytes, "streamed"));
    expect(await reader.read("fc.bias")).toEqual(bias);
  });

  it("refuses data beyond the declared end and a file left short", async () => {
    const over = await openSafetensorsFileWriter(join(work, "over.safetensors"), [{ name: "b", dtype: "F32", shape: [2] }]);
    await expect(over.write(new Float32Array(3))).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT" });
    await over.abort();
    const short = await openSafetensorsFileWriter(join(work, "short.safetensors"), [{ name: "b", dtype: "F32", shape: [2] }]);
    await short.write(new Float32Array(1));
    await expect(short.finish()).rejects.toThrow(/received 4 of 8/);
  });

  it("passes a file system error on (a full disk) and closes the handle", async () => {
    let closed = false;
    let budget = 100;
    const handle: WritableFileHandle = {
      async write(_buffer, _offset, length) {
        if (budget < length) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        budget -= length;
        return { bytesWritten: length };
      },
      async close() {
        closed = true;
      },
    };
    const writer = await openSafetensorsFileWriter("unused", [{ name: "w", dtype: "F32", shape: [100] }], {}, { open: async () => handle });
    await expect(writer.write(new Float32Array(100))).rejects.toMatchObject({ code: "ENOSPC" });
    await writer.abort();
    expect(closed).toBe(true);
  });
});
