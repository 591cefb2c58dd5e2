import { deflateSync, zipSync } from "fflate";
import { archive, concat, latin1, tensorPickle, text } from "./hostile-builders";
import { describe, expect, it } from "vitest";
import { CheckpointError, openCheckpointFromBytes, type CheckpointErrorCode } from "../src/index";
import { unpickle } from "../src/internal";
import { fixtureBytes } from "./fixtures";

async function expectCode(bytes: Uint8Array, code: CheckpointErrorCode, pattern?: RegExp, read = false) {
  const error = await (async () => {
    const reader = await openCheckpointFromBytes(bytes, { name: "hostile.pth" });
    if (read) for (const key of reader.keys()) await reader.read(key);
  })().catch((caught: unknown) => caught);
  expect(CheckpointError.isInstance(error), String(error)).toBe(true);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toContain("hostile.pth");
  if (pattern) expect((error as Error).message).toMatch(pattern);
}

describe("hand-built torch archives", () => {
  const floats = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

  it("reads a valid hand-built archive (the builder itself is right)", async () => {
    const reader = await openCheckpointFromBytes(archive(tensorPickle("w", 4, 1, [3], [1]), { 0: floats([1, 2, 3, 4]) }));
    expect([...(await reader.read("w"))]).toEqual([2, 3, 4]);
  });

  it("rejects a view that reaches beyond its storage", async () => {
    await expectCode(archive(tensorPickle("w", 4, 2, [3], [1]), { 0: floats([1, 2, 3, 4]) }), "CHECKPOINT_BAD_OFFSETS", /beyond its storage/);
    await expectCode(archive(tensorPickle("w", 4, 0, [2, 2], [3, 1]), { 0: floats([1, 2, 3, 4]) }), "CHECKPOINT_BAD_OFFSETS");
  });

  it("rejects a storage shorter than the pickle declares, and a missing storage", async () => {
    await expectCode(archive(tensorPickle("w", 4, 0, [4], [1]), { 0: floats([1, 2]) }), "CHECKPOINT_TRUNCATED", /declares 4 float32/);
    await expectCode(archive(tensorPickle("w", 4, 0, [4], [1])), "CHECKPOINT_TRUNCATED", /missing/);
  });

  it("rejects a broadcast view with more elements than its storage (no amplified allocation)", async () => {
    await expectCode(archive(tensorPickle("w", 1, 0, [1_000_000, 1000], [0, 0]), { 0: floats([1]) }), "CHECKPOINT_BAD_SHAPE", /more elements/);
  });

  it("rejects forbidden globals through GLOBAL and STACK_GLOBAL, naming them", async () => {
    await expectCode(archive(concat([0x80, 0x02], "cbuiltins\neval\n", text("1"), [0x85, 0x52, 0x2e])), "CHECKPOINT_FORBIDDEN_GLOBAL", /builtins\.eval/);
    await expectCode(archive(concat([0x80, 0x04], text("subprocess"), text("Popen"), [0x93, 0x2e])), "CHECKPOINT_FORBIDDEN_GLOBAL", /subprocess\.Popen/);
  });

  it("does not let an allowed value global be called", async () => {
    await expectCode(archive(concat([0x80, 0x02], "ctorch\nFloatStorage\n", [0x29, 0x52, 0x2e])), "CHECKPOINT_FORBIDDEN_GLOBAL", /calls torch\.FloatStorage/);
  });

  it("refuses opcodes that import or build arbitrary objects", async () => {
    await expectCode(archive(concat([0x28], "ios\nsystem\n", [0x2e])), "CHECKPOINT_FORBIDDEN_OPCODE", /INST/);
    await expectCode(archive(concat([0x80, 0x02, 0x82, 0x01, 0x2e])), "CHECKPOINT_FORBIDDEN_OPCODE", /EXT/);
  });

  it("rejects a truncated pickle, an unknown opcode and a top level that is not a dict", async () => {
    await expectCode(archive(concat([0x80, 0x02, 0x7d, 0x58, 0xff, 0, 0, 0])), "CHECKPOINT_BAD_PICKLE", /ends early/);
    await expectCode(archive(concat([0x80, 0x02, 0xff])), "CHECKPOINT_BAD_PICKLE", /unknown opcode/);
    await expectCode(archive(concat([0x80, 0x02, 0x5d, 0x2e])), "CHECKPOINT_NO_STATE_DICT", /No state_dict found/);
  });

  it("rejects self-referential and exponentially shared containers without hanging", async () => {
    // d = {}; d["x"] = d
    await expectCode(archive(concat([0x80, 0x02, 0x7d, 0x71, 0x00], text("x"), [0x68, 0x00, 0x73, 0x2e])), "CHECKPOINT_BAD_PICKLE", /repeats itself/);
    // l0 = []; l1 = [l0, l0]; ... l60: 2^60 paths from a few hundred bytes.
    const parts: (number[] | Uint8Array)[] = [[0x80, 0x02, 0x7d], text("k"), [0x5d]];
    for (let level = 0; level < 60; level += 1) parts.push([0x32, 0x86]);
    parts.push([0x73, 0x2e]);
    await expectCode(archive(concat(...parts)), "CHECKPOINT_BAD_PICKLE");
  });

  it("unpickles memo, tuples, floats, longs and bytes like Python", () => {
    const value = unpickle(concat([0x80, 0x02, 0x7d, 0x28], text("f"), [0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], text("l"), [0x8a, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x80], text("b"), [0x43, 0x02, 0x61, 0x62], [0x75, 0x2e]), "x");
    expect(value).toEqual(new Map<unknown, unknown>([["f", 1.5], ["l", -(2n ** 71n)], ["b", Uint8Array.from([0x61, 0x62])]]));
  });
});

describe("zip bombs and broken archives", () => {
  const deflated = fixtureBytes("flat-deflated.pth");
  /** Offsets of the central directory record of `name` in a zip made by Python's zipfile. */
  function centralRecord(bytes: Uint8Array, name: string): number {
    const needle = latin1(name);
    for (let position = bytes.length - 46; position >= 0; position -= 1) {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      if (view.getUint32(position, true) === 0x02014b50 && needle.every((byte, index) => bytes[position + 46 + index] === byte)) return position;
    }
    throw new Error(`no record for ${name}`);
  }

  it("stops inflating at the declared size", async () => {
    const bytes = deflated.slice();
    const view = new DataView(bytes.buffer);
    const record = centralRecord(bytes, "flat/data.pkl");
    view.setUint32(record + 24, 100, true); // declared uncompressed size smaller than the real one
    await expectCode(bytes, "CHECKPOINT_TOO_LARGE", /inflates beyond its declared 100 bytes/);
  });

  it("refuses impossible declared sizes before allocating them", async () => {
    const bytes = deflated.slice();
    new DataView(bytes.buffer).setUint32(centralRecord(bytes, "flat/data.pkl") + 24, 0xfffffff0, true);
    await expectCode(bytes, "CHECKPOINT_TOO_LARGE", /zip bomb/);
  });

  it("stops a real bomb (16 MiB of zeros in ~16 KiB) declaring a small size", async () => {
    const bomb = deflateSync(new Uint8Array(16 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(32 << 10);
    // Splice a deflated member whose central record says 4 bytes.
    const name = latin1("archive/data/0");
    const local = concat([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(bomb.length), u32(4), [name.length, 0, 0, 0], name, bomb);
    const central = concat([0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(bomb.length), u32(4), [name.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(0), name);
    const eocd = concat([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0], u32(central.length), u32(local.length), [0, 0]);
    const zip = concat(local, central, eocd);
    const { ZipArchive } = await import("../src/internal");
    const { createMemorySource } = await import("../src/index");
    const parsed = await ZipArchive.open(createMemorySource(zip, "bomb.zip"));
    await expect(parsed.read(parsed.entries.get("archive/data/0")!)).rejects.toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
  });

  it("enforces the global cap on inflated bytes", async () => {
    await expect(openCheckpointFromBytes(deflated, { zipLimits: { maxTotalBytes: 64 } })).rejects.toMatchObject({ code: "CHECKPOINT_TOO_LARGE" });
  });

  it("rejects a truncated archive and a zip without data.pkl", async () => {
    await expectCode(fixtureBytes("flat.pth").subarray(0, 900), "CHECKPOINT_TRUNCATED");
    await expectCode(zipSync({ "readme.txt": latin1("hi") }), "CHECKPOINT_UNKNOWN_FORMAT", /data\.pkl/);
  });
});

function u32(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
}

describe("integrity", () => {
  it("computes zip's CRC-32", async () => {
    const { crc32 } = await import("../src/internal");
    expect(crc32(latin1("123456789"))).toBe(0xcbf43926);
  });

  it("rejects a pickle whose bytes changed after the archive was written", async () => {
    const bytes = fixtureBytes("flat.pth").slice();
    const at = bytes.indexOf(0x7d, 64); // inside flat/data.pkl
    bytes[at] = 0x5d;
    await expectCode(bytes, "CHECKPOINT_BAD_ZIP", /CRC-32/);
  });
});

describe("zip64", () => {
  /** A stored-only zip whose central directory and end record use the zip64 forms throughout. */
  function zip64(files: Record<string, Uint8Array>): Uint8Array {
    const locals: Uint8Array[] = [];
    const centrals: Uint8Array[] = [];
    let offset = 0;
    for (const [name, data] of Object.entries(files)) {
      const nameBytes = latin1(name);
      const crc = [...u32(crc32Of(data))];
      const local = concat([0x50, 0x4b, 0x03, 0x04, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0], crc, u32(data.length), u32(data.length), [nameBytes.length, 0, 0, 0], nameBytes, data);
      const extra = concat([1, 0, 24, 0], u64(data.length), u64(data.length), u64(offset));
      centrals.push(
        concat([0x50, 0x4b, 0x01, 0x02, 45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0], crc, u32(0xffffffff), u32(0xffffffff), [nameBytes.length, 0, extra.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32(0xffffffff), nameBytes, extra),
      );
      locals.push(local);
      offset += local.length;
    }
    const directory = concat(...centrals);
    const count = centrals.length;
    const record = concat([0x50, 0x4b, 0x06, 0x06], u64(44), [45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0], u64(count), u64(count), u64(directory.length), u64(offset));
    const locator = concat([0x50, 0x4b, 0x06, 0x07, 0, 0, 0, 0], u64(offset + directory.length), [1, 0, 0, 0]);
    const end = concat([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], u32(0xffffffff), u32(0xffffffff), [0, 0]);
    return concat(...locals, directory, record, locator, end);
  }
  let crcOf: ((data: Uint8Array) => number) | undefined;
  const crc32Of = (data: Uint8Array) => crcOf!(data);
  const u64 = (value: number) => [...u32(value % 4294967296), ...u32(Math.floor(value / 4294967296))];

  it("reads members located through the zip64 end record and extra fields", async () => {
    crcOf = (await import("../src/internal")).crc32;
    const storage = new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer);
    const bytes = zip64({ "archive/data.pkl": tensorPickle("w", 4, 0, [2, 2], [1, 2]), "archive/data/0": storage });
    const reader = await openCheckpointFromBytes(bytes, { name: "zip64.pth" });
    expect([...(await reader.read("w"))]).toEqual([1, 3, 2, 4]);
  });
});
