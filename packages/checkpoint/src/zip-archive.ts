import { Inflate } from "fflate";
import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { InflateCursor } from "./inflate-cursor";
import { crc32 } from "./zip-crc";

export { crc32 } from "./zip-crc";

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate (the only two accepted). */
  readonly method: 0 | 8;
  readonly compressedSize: number;
  readonly size: number;
  /** CRC-32 the central directory records for the member's content. */
  readonly crc32: number;
  /** Offset of the member's local header. */
  readonly headerOffset: number;
}

/** Limits applied while reading an archive. */
export interface ZipLimits {
  /** Most bytes one deflated member may expand to, whatever it declares. @default 1 GiB */
  readonly maxEntryBytes?: number;
  /** Most bytes all deflated members read from one archive may expand to in total. @default 4 GiB */
  readonly maxTotalBytes?: number;
  /**
   * Highest expansion ratio (inflated / compressed) of a deflated member larger than 1 MiB.
   * `torch.save` stores members uncompressed, and weights barely compress, so a member that
   * expands 100-fold is almost certainly a decompression bomb. @default 100
   */
  readonly maxInflationRatio?: number;
}

/** Members at most this large are exempt from `maxInflationRatio` (small zero buffers compress well). */
const RATIO_EXEMPT_BYTES = 2 ** 20;

/** Deflate cannot expand data by more than about 1032:1; a larger declared ratio is a lie. */
const MAX_DEFLATE_RATIO = 1032;
const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * A zip archive parsed from its central directory (own parser: zip64, stored and deflate members).
 * Member data is located lazily; stored members can be read by sub-range without loading them.
 */
export class ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private readonly source: ByteSource;
  private readonly maxEntryBytes: number;
  private readonly maxTotalBytes: number;
  private inflatedTotal = 0;
  private readonly dataOffsets = new Map<string, number>();
  private readonly streamed = new Set<string>();

  private constructor(source: ByteSource, entries: Map<string, ZipEntry>, limits: ZipLimits) {
    this.source = source;
    this.entries = entries;
    this.maxEntryBytes = limits.maxEntryBytes ?? 2 ** 30;
    this.maxTotalBytes = limits.maxTotalBytes ?? 2 ** 32;
  }

  /**
   * Reads the end-of-central-directory record (and its zip64 variant) and the central directory.
   * @example
   * const archive = await ZipArchive.open(await openFileSource("model.pth"));
   */
  static async open(source: ByteSource, limits: ZipLimits = {}): Promise<ZipArchive> {
    const file = source.name;
    const bad = (summary: string, received?: unknown) =>
      new CheckpointError("CHECKPOINT_BAD_ZIP", summary, { file, ...(received === undefined ? {} : { received }), hint: "the archive is truncated or corrupt" });
    if (source.size < 22) throw new CheckpointError("CHECKPOINT_TRUNCATED", "the file is too short to be a zip archive", { file, received: source.size });
    const tailLength = Math.min(source.size, 22 + 65535);
    const tailStart = source.size - tailLength;
    const tail = await source.read(tailStart, tailLength);
    const tailView = new DataView(tail.buffer, tail.byteOffset, tail.length);
    let eocd = -1;
    for (let position = tail.length - 22; position >= 0; position -= 1) {
      if (tailView.getUint32(position, true) === EOCD_SIGNATURE) {
        eocd = position;
        break;
      }
    }
    if (eocd < 0) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", "no end-of-central-directory record: the zip archive is truncated or corrupt", { file });
    }
    let count = tailView.getUint16(eocd + 10, true);
    let directorySize = tailView.getUint32(eocd + 12, true);
    let directoryOffset = tailView.getUint32(eocd + 16, true);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tailView.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) throw bad("zip64 locator missing");
      const recordOffset = readUint64(tailView, locator + 8);
      if (recordOffset + 56 > source.size) throw bad("zip64 end record outside the file", recordOffset);
      const record = await source.read(recordOffset, 56);
      const recordView = new DataView(record.buffer, record.byteOffset, 56);
      if (recordView.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw bad("zip64 end record has a bad signature");
      count = readUint64(recordView, 32);
      directorySize = readUint64(recordView, 40);
      directoryOffset = readUint64(recordView, 48);
    }
    if (directoryOffset + directorySize > source.size) throw bad("the central directory lies outside the file", { directoryOffset, directorySize });
    // A central directory record is at least 46 bytes: the count cannot exceed what the size holds.
    if (count * 46 > directorySize) throw bad("the central directory is too small for its entry count", count);
    const directory = await source.read(directoryOffset, directorySize);
    const view = new DataView(directory.buffer, directory.byteOffset, directory.length);
    const decoder = new TextDecoder();
    const entries = new Map<string, ZipEntry>();
    let position = 0;
    for (let index = 0; index < count; index += 1) {
      if (position + 46 > directory.length || view.getUint32(position, true) !== CENTRAL_SIGNATURE) throw bad(`central directory record ${index} is corrupt`);
      const flags = view.getUint16(position + 8, true);
      const crc32 = view.getUint32(position + 16, true);
      const method = view.getUint16(position + 10, true);
      let compressedSize = view.getUint32(position + 20, true);
      let size = view.getUint32(position + 24, true);
      const nameLength = view.getUint16(position + 28, true);
      const extraLength = view.getUint16(position + 30, true);
      const commentLength = view.getUint16(position + 32, true);
      let headerOffset = view.getUint32(position + 42, true);
      const end = position + 46 + nameLength + extraLength + commentLength;
      if (end > directory.length) throw bad(`central directory record ${index} runs past the directory`);
      const name = decoder.decode(directory.subarray(position + 46, position + 46 + nameLength));
      // zip64 extended information (header id 1): the 0xffffffff fields, in this order.
      let extra = position + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = view.getUint16(extra, true);
        const length = view.getUint16(extra + 2, true);
        if (extra + 4 + length > extraEnd) break;
        if (id === 1) {
          let field = extra + 4;
          const take = (): number => {
            if (field + 8 > extra + 4 + length) throw bad(`zip64 field of "${name}" is truncated`);
            const value = readUint64(view, field);
            field += 8;
            return value;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (headerOffset === 0xffffffff) headerOffset = take();
        }
        extra += 4 + length;
      }
      if (flags & 1) throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${name}" is encrypted`, { file, hint: "encrypted archives are not supported" });
      if (method !== 0 && method !== 8) {
        throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${name}" uses compression method ${method}`, { file, expected: "0 (stored) or 8 (deflate)" });
      }
      if (headerOffset + 30 + compressedSize > directoryOffset) throw bad(`member "${name}" lies outside the archive data`, { headerOffset, compressedSize });
      if (method === 0 && size !== compressedSize) throw bad(`stored member "${name}" declares different sizes`, { size, compressedSize });
      if (method === 8 && size > compressedSize * MAX_DEFLATE_RATIO + 1024) {
        throw new CheckpointError("CHECKPOINT_TOO_LARGE", `member "${name}" declares an impossible expansion (zip bomb)`, {
          file,
          received: { size, compressedSize },
          expected: `at most ${MAX_DEFLATE_RATIO}× the compressed size`,
        });
      }
      const maxRatio = limits.maxInflationRatio ?? 100;
      if (method === 8 && size > RATIO_EXEMPT_BYTES && size > compressedSize * maxRatio) {
        throw new CheckpointError("CHECKPOINT_TOO_LARGE", `member "${name}" would expand ${Math.round(size / Math.max(1, compressedSize))}-fold (decompression bomb)`, {
          file,
          received: { size, compressedSize },
          expected: `at most ${maxRatio}× the compressed size for members over 1 MiB`,
          hint: "nothing was inflated; if the archive is trusted, raise `maxInflationRatio`",
        });
      }
      if (entries.has(name)) throw bad(`member "${name}" appears twice`);
      entries.set(name, { name, method, compressedSize, size, crc32, headerOffset });
      position = end;
    }
    return new ZipArchive(source, entries, limits);
  }

  /** Offset of the first data byte of `entry` (after its local header, whose lengths may differ from the central one). */
  async dataOffset(entry: ZipEntry): Promise<number> {
    const known = this.dataOffsets.get(entry.name);
    if (known !== undefined) return known;
    const header = await this.source.read(entry.headerOffset, 30);
    const view = new DataView(header.buffer, header.byteOffset, 30);
    if (view.getUint32(0, true) !== LOCAL_SIGNATURE) {
      throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${entry.name}" has no local header`, { file: this.source.name, received: entry.headerOffset });
    }
    const offset = entry.headerOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    if (offset + entry.compressedSize > this.source.size) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", `member "${entry.name}" runs past the end of the file`, { file: this.source.name });
    }
    this.dataOffsets.set(entry.name, offset);
    return offset;
  }

  /**
   * Reads `length` bytes at `offset` inside a stored member, without reading the rest of it.
   */
  async readStoredRange(entry: ZipEntry, offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > entry.size) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", `member "${entry.name}" is shorter than the data it should hold`, {
        file: this.source.name,
        received: { offset, length, memberSize: entry.size },
      });
    }
    return this.source.read((await this.dataOffset(entry)) + offset, length, into);
  }

  /**
   * The whole content of a member, checked against its CRC-32; deflated members are inflated with a
   * hard cap equal to the declared size (and the archive's limits), so a bomb stops at the first
   * byte too many. (Sub-range reads of stored members cannot be checked without reading it all.)
   */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    const data = await this.inflate(entry);
    if (crc32(data) !== entry.crc32) {
      throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${entry.name}" fails its CRC-32 check`, {
        file: this.source.name,
        hint: "the file is corrupt; download or export it again",
      });
    }
    return data;
  }

  /**
   * A member as a {@link ByteSource} read part by part: stored members by sub-range, deflated ones
   * through an {@link InflateCursor} (forward passes, holding one inflated piece; the CRC-32 is
   * checked whenever a pass reaches the end). A deflated member counts once against the archive's
   * inflation limits, however many passes its reads take.
   */
  async streamMember(entry: ZipEntry): Promise<ByteSource> {
    if (entry.method === 0) {
      return { name: this.source.name, size: entry.size, read: (offset, length, into) => this.readStoredRange(entry, offset, length, into), close: async () => undefined };
    }
    if (!this.streamed.has(entry.name)) {
      this.charge(entry);
      this.streamed.add(entry.name);
    }
    return new InflateCursor(this.source, { ...entry, dataOffset: await this.dataOffset(entry) });
  }

  /** Counts a deflated member against `maxEntryBytes` and `maxTotalBytes`, or refuses it. */
  private charge(entry: ZipEntry): void {
    if (entry.size > this.maxEntryBytes || this.inflatedTotal + entry.size > this.maxTotalBytes) {
      throw new CheckpointError("CHECKPOINT_TOO_LARGE", `member "${entry.name}" would inflate beyond the allowed size`, {
        file: this.source.name,
        received: entry.size,
        expected: `at most ${Math.min(this.maxEntryBytes, this.maxTotalBytes - this.inflatedTotal)} bytes`,
        hint: "raise the zip limits in the open options if the file is trusted",
      });
    }
    this.inflatedTotal += entry.size;
  }

  private async inflate(entry: ZipEntry): Promise<Uint8Array> {
    if (entry.method === 0) return this.readStoredRange(entry, 0, entry.size);
    const file = this.source.name;
    this.charge(entry);
    const compressed = await this.source.read(await this.dataOffset(entry), entry.compressedSize);
    const out = new Uint8Array(entry.size);
    let written = 0;
    let finished = false;
    const inflater = new Inflate((chunk, final) => {
      if (written + chunk.length > out.length) {
        throw new CheckpointError("CHECKPOINT_TOO_LARGE", `member "${entry.name}" inflates beyond its declared ${entry.size} bytes (zip bomb)`, { file });
      }
      out.set(chunk, written);
      written += chunk.length;
      if (final) finished = true;
    });
    try {
      const step = 1 << 16;
      for (let position = 0; position < compressed.length; position += step) {
        const end = Math.min(position + step, compressed.length);
        inflater.push(compressed.subarray(position, end), end === compressed.length);
      }
      if (compressed.length === 0) inflater.push(compressed, true);
    } catch (cause) {
      if (CheckpointError.isInstance(cause)) throw cause;
      throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${entry.name}" is not valid deflate data`, { file, cause });
    }
    if (!finished || written !== entry.size) {
      throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${entry.name}" inflates to ${written} bytes, not the declared ${entry.size}`, { file });
    }
    return out;
  }
}

function readUint64(view: DataView, offset: number): number {
  const value = view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 4294967296;
  // Beyond 2^53 nothing in a file can be addressed; treat as corrupt via a value no file satisfies.
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}
