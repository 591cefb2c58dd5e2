// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC'11),
// exactly as Random123's philox4x32 with 10 rounds. See docs/rng.md.

/** Philox4x32 multiplier applied to counter word 0. */
export const PHILOX_M0 = 0xd2511f53;
/** Philox4x32 multiplier applied to counter word 2. */
export const PHILOX_M1 = 0xcd9e8d57;
/** Weyl increment of key word 0 between rounds. */
export const PHILOX_W0 = 0x9e3779b9;
/** Weyl increment of key word 1 between rounds. */
export const PHILOX_W1 = 0xbb67ae85;

const M0_LOW = PHILOX_M0 & 0xffff;
const M0_HIGH = PHILOX_M0 >>> 16;
const M1_LOW = PHILOX_M1 & 0xffff;
const M1_HIGH = PHILOX_M1 >>> 16;

// High 32 bits of a 32x32-bit product from 16-bit limbs: every partial product is below 2^32 and
// every sum below 2^53, so the float64 arithmetic is exact.
function mulHigh(a: number, multiplierLow: number, multiplierHigh: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const lowLow = aLow * multiplierLow;
  const highLow = aHigh * multiplierLow;
  const lowHigh = aLow * multiplierHigh;
  const middle = (lowLow >>> 16) + (highLow & 0xffff) + (lowHigh & 0xffff);
  return (aHigh * multiplierHigh + (highLow >>> 16) + (lowHigh >>> 16) + (middle >>> 16)) >>> 0;
}

/**
 * One Philox4x32-10 block for counter `(c0, c1, c2, c3)` and key `(k0, k1)`, written as four uint32
 * words into `out[offset .. offset + 4)`. All inputs are uint32 values. The allocation-free form
 * the generators use; {@link philox4x32x10} is the convenient one.
 * @example
 * const out = new Uint32Array(4);
 * philoxBlockInto(0, 0, 0, 0, 0, 0, out, 0); // out = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philoxBlockInto(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, offset: number,
): void {
  for (let round = 0; round < 10; round++) {
    const high0 = mulHigh(c0, M0_LOW, M0_HIGH);
    const low0 = Math.imul(c0, PHILOX_M0) >>> 0;
    const high1 = mulHigh(c2, M1_LOW, M1_HIGH);
    const low1 = Math.imul(c2, PHILOX_M1) >>> 0;
    c0 = (high1 ^ c1 ^ k0) >>> 0;
    c1 = low1;
    c2 = (high0 ^ c3 ^ k1) >>> 0;
    c3 = low0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/**
 * The Philox4x32-10 bijection: four uint32 counter words and two uint32 key words to four uint32
 * output words, bit-identical to Random123's `philox4x32(ctr, key)` with 10 rounds.
 * @example
 * philox4x32x10([0, 0, 0, 0], [0, 0]); // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32x10(
  counter: readonly [number, number, number, number] | Uint32Array,
  key: readonly [number, number] | Uint32Array,
): Uint32Array {
  const out = new Uint32Array(4);
  philoxBlockInto(counter[0]! >>> 0, counter[1]! >>> 0, counter[2]! >>> 0, counter[3]! >>> 0, key[0]! >>> 0, key[1]! >>> 0, out, 0);
  return out;
}
