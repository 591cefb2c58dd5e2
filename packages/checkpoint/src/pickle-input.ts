import type { CheckpointError } from "./checkpoint-error";

/**
 * The byte stream of a pickle, read forward: little-endian integers, big-endian doubles, byte
 * slices and newline-terminated text arguments, each checked against the end of the stream.
 * Methods are bound (arrow properties) so the unpickler can destructure them.
 */
export class PickleInput {
  position = 0;
  private readonly view: DataView;
  private readonly latin1 = new TextDecoder("latin1");

  constructor(
    private readonly bytes: Uint8Array,
    private readonly corrupt: (summary: string) => CheckpointError,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  need = (count: number): void => {
    if (this.position + count > this.bytes.length) throw this.corrupt("the pickle stream ends early");
  };

  u8 = (): number => {
    this.need(1);
    return this.bytes[this.position++]!;
  };

  u16 = (): number => this.advance(2, (at) => this.view.getUint16(at, true));

  u32 = (): number => this.advance(4, (at) => this.view.getUint32(at, true));

  u64 = (): number => this.advance(8, (at) => this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 4294967296);

  /** BINFLOAT: a big-endian IEEE double. */
  float64 = (): number => this.advance(8, (at) => this.view.getFloat64(at, false));

  take = (count: number): Uint8Array => {
    this.need(count);
    const slice = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  };

  line = (): string => {
    const end = this.bytes.indexOf(0x0a, this.position);
    if (end < 0) throw this.corrupt("a text argument has no end of line");
    const text = this.latin1.decode(this.bytes.subarray(this.position, end));
    this.position = end + 1;
    return text;
  };

  /** Checks `width` bytes remain, reads them at the current position, and moves past them. */
  private advance(width: number, read: (at: number) => number): number {
    this.need(width);
    const value = read(this.position);
    this.position += width;
    return value;
  }
}
