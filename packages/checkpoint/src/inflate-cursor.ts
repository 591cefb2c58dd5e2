import { Inflate } from "fflate";
import { checkRange, type ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { crc32 } from "./zip-crc";

/** Compressed bytes pushed to the inflater at a time: at deflate's ~1032:1 bound, ~8 MiB come out at most. */
const COMPRESSED_STEP = 8192;

/**
 * Inflated bytes kept behind the newest piece, so a range starting a little before the one read
 * last (the interleaved runs of a transposed window) is served without a restart.
 */
export const INFLATE_LOOKBACK_BYTES = 2 ** 20;

/** What the cursor needs of a deflated zip member. */
export interface DeflatedMember {
  /** Member name, for errors. */
  readonly name: string;
  /** Bytes the member inflates to. */
  readonly size: number;
  readonly compressedSize: number;
  readonly crc32: number;
  /** Offset in `source` of the first compressed byte. */
  readonly dataOffset: number;
}

/**
 * A deflated zip member read as a {@link ByteSource} without inflating it whole: the inflater moves
 * forward through the member, holding its latest output pieces (the newest and
 * {@link INFLATE_LOOKBACK_BYTES} behind it), so increasing ranges are served in one pass; a range
 * that starts before the pieces held restarts from the member's first byte. When
 * a pass reaches the member's end its CRC-32 and size are checked. Corrupt deflate data, output
 * beyond the declared size and a stream that ends early are `CHECKPOINT_BAD_ZIP` errors.
 * @example
 * const member = new InflateCursor(source, { name, size, compressedSize, crc32, dataOffset });
 * const bytes = await member.read(4096, 1024);
 */
export class InflateCursor implements ByteSource {
  readonly name: string;
  readonly size: number;
  private started = 0;
  private inflater: Inflate | undefined;
  private consumed = 0;
  private produced = 0;
  /** Inflated pieces kept, oldest first, each with its offset in the member. */
  private held: { start: number; bytes: Uint8Array }[] = [];
  private heldBytes = 0;
  /** Offset just past the newest piece. */
  private heldEnd = 0;
  private running = 0;
  private finished = false;
  private pieces: Uint8Array[] = [];

  constructor(
    private readonly source: ByteSource,
    private readonly member: DeflatedMember,
  ) {
    this.name = source.name;
    this.size = member.size;
  }

  /** Passes started from the member's first byte (the first one included). */
  get passes(): number {
    return this.started;
  }

  async read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    checkRange(this.name, this.size, offset, length, `member "${this.member.name}"`);
    const target = into ? into.subarray(0, length) : new Uint8Array(length);
    if (length === 0) return target;
    if (this.inflater === undefined || offset < (this.held[0]?.start ?? 0)) this.restart();
    let done = 0;
    while (done < length) {
      const position = offset + done;
      if (position >= this.heldEnd) {
        await this.advance();
        continue;
      }
      const piece = this.pieceAt(position);
      const take = Math.min(length - done, piece.start + piece.bytes.length - position);
      target.set(piece.bytes.subarray(position - piece.start, position - piece.start + take), done);
      done += take;
    }
    return target;
  }

  /** The held piece holding `position` (which lies between the oldest piece's start and `heldEnd`). */
  private pieceAt(position: number): { start: number; bytes: Uint8Array } {
    for (let index = this.held.length - 1; index >= 0; index -= 1) if (this.held[index]!.start <= position) return this.held[index]!;
    return this.held[0]!;
  }

  async close(): Promise<void> {
    this.inflater = undefined;
    this.held = [];
    this.heldBytes = 0;
  }

  private restart(): void {
    this.started += 1;
    this.consumed = 0;
    this.produced = 0;
    this.running = 0;
    this.finished = false;
    this.held = [];
    this.heldBytes = 0;
    this.heldEnd = 0;
    this.inflater = new Inflate((chunk, final) => {
      if (this.produced + chunk.length > this.member.size) throw this.error(`inflates beyond its declared ${this.member.size} bytes (zip bomb)`, "CHECKPOINT_TOO_LARGE");
      this.produced += chunk.length;
      this.running = crc32(chunk, this.running);
      this.pieces.push(chunk);
      if (final) this.finished = true;
    });
  }

  /** Inflates the next piece of the member, dropping the held pieces beyond the lookback. */
  private async advance(): Promise<void> {
    const { compressedSize, dataOffset } = this.member;
    this.pieces = [];
    while (this.pieces.length === 0) {
      if (this.finished || this.consumed >= compressedSize) throw this.error(`inflates to ${this.produced} bytes, not the declared ${this.member.size}`);
      const step = Math.min(COMPRESSED_STEP, compressedSize - this.consumed);
      const input = await this.source.read(dataOffset + this.consumed, step);
      this.consumed += step;
      try {
        this.inflater!.push(input, this.consumed === compressedSize);
      } catch (cause) {
        this.inflater = undefined;
        if (CheckpointError.isInstance(cause)) throw cause;
        throw this.error("is not valid deflate data", "CHECKPOINT_BAD_ZIP", cause);
      }
      if (this.finished || this.consumed === compressedSize) this.checkEnd();
    }
    const length = this.pieces.reduce((total, piece) => total + piece.length, 0);
    const piece = this.pieces.length === 1 ? this.pieces[0]! : new Uint8Array(length);
    if (this.pieces.length > 1) {
      let position = 0;
      for (const part of this.pieces) {
        piece.set(part, position);
        position += part.length;
      }
    }
    this.pieces = [];
    this.held.push({ start: this.heldEnd, bytes: piece });
    this.heldEnd += piece.length;
    this.heldBytes += piece.length;
    while (this.held.length > 1 && this.heldBytes - this.held[0]!.bytes.length >= piece.length + INFLATE_LOOKBACK_BYTES) this.heldBytes -= this.held.shift()!.bytes.length;
  }

  /** At the member's end: the size and the CRC-32 must be what the central directory records. */
  private checkEnd(): void {
    if (!this.finished || this.produced !== this.member.size) {
      this.inflater = undefined;
      throw this.error(`inflates to ${this.produced} bytes, not the declared ${this.member.size}`);
    }
    if (this.running !== this.member.crc32) {
      this.inflater = undefined;
      throw new CheckpointError("CHECKPOINT_BAD_ZIP", `member "${this.member.name}" fails its CRC-32 check`, { file: this.name, hint: "the file is corrupt; download or export it again" });
    }
  }

  private error(what: string, code: "CHECKPOINT_BAD_ZIP" | "CHECKPOINT_TOO_LARGE" = "CHECKPOINT_BAD_ZIP", cause?: unknown): CheckpointError {
    return new CheckpointError(code, `member "${this.member.name}" ${what}`, { file: this.name, ...(cause === undefined ? {} : { cause }), hint: "the file is truncated or corrupt; download or export it again" });
  }
}
