import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { openCheckpoint, openFileSource } from "../src/index";
import { InflateCursor, ZipArchive } from "../src/internal";
import { expectTiledWindows, permuteWhole } from "./streamed-helpers";

const scratch = mkdtempSync(join(tmpdir(), "initlib-streamed-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Bytes that compress a little (a deflate stream of many blocks), all distinct in sequence. */
function memberBytes(length: number): Uint8Array {
  let state = 12345;
  return Uint8Array.from({ length }, (_, index) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return index % 3 === 0 ? state >>> 24 : index & 0x0f;
  });
}

async function openMember(bytes: Uint8Array, name: string, edit?: (zip: Uint8Array) => void) {
  const zip = zipSync({ "member.bin": [bytes, { level: 6 }] });
  edit?.(zip);
  const path = join(scratch, name);
  writeFileSync(path, zip);
  const source = await openFileSource(path);
  const archive = await ZipArchive.open(source);
  const entry = archive.entries.get("member.bin")!;
  expect(entry.method).toBe(8);
  return { cursor: (await archive.streamMember(entry)) as InflateCursor, archive, source, zip };
}

describe("a deflated member read by range", () => {
  const bytes = memberBytes(2_600_000);

  it("serves increasing ranges in one pass, ranges a little behind from what it holds, restarts for one far behind, and checks the CRC at the end", async () => {
    const { cursor, source } = await openMember(bytes, "ok.zip");
    let start = 0;
    for (const length of [1, 7, 4093, 65_536, 100_000, 30_000, 1_500_000, 400_000]) {
      expect(Array.from(await cursor.read(start, length)), `[${start}, +${length})`).toEqual(Array.from(bytes.subarray(start, start + length)));
      start += length + 17;
    }
    expect(cursor.passes).toBe(1);
    // within the lookback behind the newest piece: no restart
    expect(Array.from(await cursor.read(start - 700_000, 1000))).toEqual(Array.from(bytes.subarray(start - 700_000, start - 699_000)));
    expect(cursor.passes).toBe(1);
    expect(Array.from(await cursor.read(10, 5))).toEqual(Array.from(bytes.subarray(10, 15)));
    expect(cursor.passes).toBe(2);
    const into = new Uint8Array(1000);
    await cursor.read(bytes.length - 1000, 1000, into);
    expect(Array.from(into)).toEqual(Array.from(bytes.subarray(bytes.length - 1000)));
    await expect(cursor.read(bytes.length - 1, 2)).rejects.toMatchObject({ code: "CHECKPOINT_TRUNCATED" });
    await source.close();
  });

  it("fails a read to the end with CHECKPOINT_BAD_ZIP when the CRC-32 is wrong, and not a read of the start", async () => {
    const { cursor, source } = await openMember(bytes, "bad-crc.zip", (zip) => {
      // the central directory's CRC field of the only member (it follows the local header and data)
      const central = zip.findLastIndex((_, index) => zip[index] === 0x50 && zip[index + 1] === 0x4b && zip[index + 2] === 0x01 && zip[index + 3] === 0x02);
      zip[central + 16]! ^= 0xff;
    });
    expect(Array.from(await cursor.read(0, 100))).toEqual(Array.from(bytes.subarray(0, 100)));
    await expect(cursor.read(bytes.length - 10, 10)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ZIP", message: expect.stringContaining("CRC-32") });
    await source.close();
  });

  it("fails with CHECKPOINT_BAD_ZIP on a corrupt deflate stream, and never hangs", async () => {
    const { cursor, source } = await openMember(bytes, "corrupt.zip", (zip) => {
      // past the 30-byte local header and the name: invalid block types from here on
      zip.fill(0xff, 30 + "member.bin".length + 2000, 30 + "member.bin".length + 2400);
    });
    await expect(cursor.read(0, bytes.length)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ZIP" });
    // the next read restarts from the first byte and fails the same way
    await expect(cursor.read(bytes.length - 5, 5)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ZIP" });
    await source.close();
  });

  it("fails with CHECKPOINT_BAD_ZIP when the stream ends before the declared size", async () => {
    const short = zipSync({ "member.bin": [bytes.subarray(0, 1000), { level: 6 }] });
    const { source } = await openMember(bytes.subarray(0, 10), "unused.zip");
    await source.close();
    const path = join(scratch, "short.bin");
    writeFileSync(path, short);
    const file = await openFileSource(path);
    const archive = await ZipArchive.open(file);
    const entry = archive.entries.get("member.bin")!;
    const cursor = new InflateCursor(file, { ...entry, size: 5000, dataOffset: await archive.dataOffset(entry) });
    await expect(cursor.read(0, 5000)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ZIP", message: expect.stringContaining("not the declared 5000") });
    const long = new InflateCursor(file, { ...entry, size: 500, dataOffset: await archive.dataOffset(entry) });
    await expect(long.read(0, 500)).rejects.toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
    await file.close();
  });

  it("counts a member once against maxTotalBytes, however many passes", async () => {
    const zip = zipSync({ "a.bin": [bytes, { level: 6 }], "b.bin": [bytes, { level: 6 }] });
    const path = join(scratch, "two.zip");
    writeFileSync(path, zip);
    const file = await openFileSource(path);
    const archive = await ZipArchive.open(file, { maxTotalBytes: bytes.length + 10 });
    const first = await archive.streamMember(archive.entries.get("a.bin")!);
    await first.read(200, 10);
    await first.read(0, 10);
    await archive.streamMember(archive.entries.get("a.bin")!);
    await expect(archive.streamMember(archive.entries.get("b.bin")!)).rejects.toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
    await file.close();
  });
});

/** Writes a tfjs model.json and its shards: weights of every stored type, one across two shards. */
function writeTfjsModel(directory: string) {
  const kernel = Float32Array.from({ length: 37 * 29 }, (_, index) => Math.sin(index) * 3);
  const quantized8 = Uint8Array.from({ length: 31 * 23 }, (_, index) => (index * 37) % 256);
  const quantized16 = Uint16Array.from({ length: 5 * 7 * 11 }, (_, index) => (index * 7919) % 65536);
  const half = Uint16Array.from({ length: 13 * 17 }, (_, index) => 0x3c00 + ((index * 53) % 0x0800));
  const group = new Uint8Array(kernel.byteLength + quantized8.byteLength + quantized16.byteLength + half.byteLength);
  let offset = 0;
  for (const part of [kernel, quantized8, quantized16, half]) {
    group.set(new Uint8Array(part.buffer), offset);
    offset += part.byteLength;
  }
  const split = 2001; // mid-element of the kernel: the first weight spans both shards
  writeFileSync(join(directory, "group1-shard1of2.bin"), group.subarray(0, split));
  writeFileSync(join(directory, "group1-shard2of2.bin"), group.subarray(split));
  const weights = [
    { name: "dense/kernel", shape: [37, 29], dtype: "float32" },
    { name: "q8", shape: [31, 23], dtype: "float32", quantization: { dtype: "uint8", min: -1.25, scale: 0.0123 } },
    { name: "q16", shape: [5, 7, 11], dtype: "float32", quantization: { dtype: "uint16", min: 0.5, scale: 1.7e-5 } },
    { name: "f16", shape: [13, 17], dtype: "float32", quantization: { dtype: "float16" } },
  ];
  const model = { format: "layers-model", weightsManifest: [{ paths: ["group1-shard1of2.bin", "group1-shard2of2.bin"], weights }] };
  writeFileSync(join(directory, "model.json"), JSON.stringify(model));
  return join(directory, "model.json");
}

describe("tfjs weights read by range", () => {
  it("reads every weight (float32 across shards, uint8, uint16, float16) window by window, plain and permuted, as the whole read", async () => {
    const directory = mkdtempSync(join(scratch, "tfjs-"));
    const reader = await openCheckpoint(writeTfjsModel(directory));
    for (const key of reader.keys()) {
      expect(reader.canReadRange!(key)).toBe(true);
      const whole = await reader.read(key);
      const { shape } = reader.entry(key);
      for (const [chunk, first] of [[97, 13], [250, 250], [whole.length, whole.length]] as const) await expectTiledWindows(reader, key, whole, chunk, first);
      const permutation = shape.map((_, axis) => shape.length - 1 - axis);
      await expectTiledWindows(reader, key, permuteWhole(whole, shape, permutation), 101, 7, permutation);
    }
    await reader.close();
  });

  it("fails with a coded error when a shard is truncated after it was opened, and when it is short at open", async () => {
    const directory = mkdtempSync(join(scratch, "tfjs-"));
    const path = writeTfjsModel(directory);
    const reader = await openCheckpoint(path);
    truncateSync(join(directory, "group1-shard2of2.bin"), 1000);
    await expect(reader.readRange!("dense/kernel", 0, 10)).resolves.toHaveLength(10);
    await expect(reader.readRange!("f16", 100, 50)).rejects.toMatchObject({ code: "CHECKPOINT_TRUNCATED" });
    await expect(reader.readRange!("q8", 0, 600, { permutation: [1, 0] })).rejects.toMatchObject({ code: "CHECKPOINT_TRUNCATED" });
    await reader.close();
    await expect(openCheckpoint(path)).rejects.toMatchObject({ code: expect.stringMatching(/^CHECKPOINT_(TRUNCATED|BAD_OFFSETS)$/) });
  });
});
