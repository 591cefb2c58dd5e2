// The pure-JavaScript generator's Philox4x32-10 loop: four blocks side by side, all arithmetic in
// int32 and float64 without allocation or BigInt. See philox.ts for the definition.
import type { RandomKeyWords } from "./random-key-words";

// The multipliers and key increments are philox.ts's PHILOX_M0 = 0xd2511f53, PHILOX_M1 =
// 0xcd9e8d57, PHILOX_W0, PHILOX_W1, written as literals so that V8 folds them into the instructions
// (a module-level or imported binding is loaded on every use). philox-words.test.ts checks the
// words against philoxBlockInto.

// High words, written out in the loop (V8 would not inline sixteen helper calls into it):
// * x·0xd2511f53 on the floating-point units, from the exact low word (Math.imul): the float64
//   product is within 2^11 of the exact one, so (x·m − (low − 2^31))·2^-32 is within 2^-20 of
//   high + ½, and truncating it gives the high word exactly. low − 2^31 is the int32 `low ^ 2^31`;
//   `| 0` wraps the high word to int32 like every word here.
// * x·0xcd9e8d57 on the integer units, from 16-bit limbs (0xcd9e, 0x8d57) with Math.imul: every
//   partial product fits in 32 bits (low·low, high·low, low·high, high·high, with their carries).

/**
 * Philox4x32-10 of blocks `blockLow + i` (i = 0 .. blocks − 1, the low counter word wrapping at
 * 2^32 like the WebAssembly module's lanes) with counter word 1 `blockHigh` and the path words,
 * written as int32 words `words[4i .. 4i + 4)` (the same bits as philoxBlockInto's uint32 words).
 * `blocks` must be a multiple of 4: four blocks run interleaved, two rounds per loop iteration, so
 * that the multiplies of one block hide the latency of the others. With `uniform`, the words become
 * U(low, low + width) values there instead (the uniform transform, fused: no pass over the words).
 * @example
 * fillPhiloxWords(0, 0, 4, randomKeyWords({ seed: 0, path: "w" }), new Int32Array(16));
 */
export function fillPhiloxWords(
  blockLow: number,
  blockHigh: number,
  blocks: number,
  keyWords: RandomKeyWords,
  words: Int32Array,
  uniform: Float32Array | null = null,
  low = 0,
  width = 0,
): void {
  const fround = Math.fround;
  const scaledWidth = width * 2 ** -24;
  const m0 = 0xd2511f53;
  const m1 = 0xcd9e8d57;
  const w0 = 0x9e3779b9 | 0;
  const w1 = 0xbb67ae85 | 0;
  const counter1 = blockHigh | 0;
  const path0 = keyWords.path0 | 0;
  const path1 = keyWords.path1 | 0;
  const firstKey0 = keyWords.key0 | 0;
  const firstKey1 = keyWords.key1 | 0;
  const scale = 2 ** -32;
  const half = -0x80000000;
  let aLow0: number, aLow2: number, aHigh0: number, aHigh2: number, aLimb: number, aLimb2: number, aCross: number, aCross2: number;
  let bLow0: number, bLow2: number, bHigh0: number, bHigh2: number, bLimb: number, bLimb2: number, bCross: number, bCross2: number;
  let cLow0: number, cLow2: number, cHigh0: number, cHigh2: number, cLimb: number, cLimb2: number, cCross: number, cCross2: number;
  let dLow0: number, dLow2: number, dHigh0: number, dHigh2: number, dLimb: number, dLimb2: number, dCross: number, dCross2: number;
  for (let block = 0; block < blocks; block += 4) {
    let key0 = firstKey0;
    let key1 = firstKey1;
    // Words (x0, x1, x2, x3) of the four blocks a, b, c, d.
    let a0 = (blockLow + block) | 0, a1 = counter1, a2 = path0, a3 = path1;
    let b0 = (blockLow + block + 1) | 0, b1 = counter1, b2 = path0, b3 = path1;
    let c0 = (blockLow + block + 2) | 0, c1 = counter1, c2 = path0, c3 = path1;
    let d0 = (blockLow + block + 3) | 0, d1 = counter1, d2 = path0, d3 = path1;
    for (let round = 0; round < 10; round += 2) {
      aLow0 = Math.imul(a0, m0); aLow2 = Math.imul(a2, m1);
      aHigh0 = ((a0 >>> 0) * m0 - (aLow0 ^ half)) * scale | 0;
      aLimb = a2 & 0xffff; aLimb2 = a2 >>> 16; aCross = Math.imul(aLimb2, 0x8d57); aCross2 = Math.imul(aLimb, 0xcd9e);
      aHigh2 = (Math.imul(aLimb2, 0xcd9e) + (aCross >>> 16) + (aCross2 >>> 16) + (((Math.imul(aLimb, 0x8d57) >>> 16) + (aCross & 0xffff) + (aCross2 & 0xffff)) >>> 16)) | 0;
      a0 = aHigh2 ^ a1 ^ key0; a1 = aLow2; a2 = aHigh0 ^ a3 ^ key1; a3 = aLow0;
      bLow0 = Math.imul(b0, m0); bLow2 = Math.imul(b2, m1);
      bHigh0 = ((b0 >>> 0) * m0 - (bLow0 ^ half)) * scale | 0;
      bLimb = b2 & 0xffff; bLimb2 = b2 >>> 16; bCross = Math.imul(bLimb2, 0x8d57); bCross2 = Math.imul(bLimb, 0xcd9e);
      bHigh2 = (Math.imul(bLimb2, 0xcd9e) + (bCross >>> 16) + (bCross2 >>> 16) + (((Math.imul(bLimb, 0x8d57) >>> 16) + (bCross & 0xffff) + (bCross2 & 0xffff)) >>> 16)) | 0;
      b0 = bHigh2 ^ b1 ^ key0; b1 = bLow2; b2 = bHigh0 ^ b3 ^ key1; b3 = bLow0;
      cLow0 = Math.imul(c0, m0); cLow2 = Math.imul(c2, m1);
      cHigh0 = ((c0 >>> 0) * m0 - (cLow0 ^ half)) * scale | 0;
      cLimb = c2 & 0xffff; cLimb2 = c2 >>> 16; cCross = Math.imul(cLimb2, 0x8d57); cCross2 = Math.imul(cLimb, 0xcd9e);
      cHigh2 = (Math.imul(cLimb2, 0xcd9e) + (cCross >>> 16) + (cCross2 >>> 16) + (((Math.imul(cLimb, 0x8d57) >>> 16) + (cCross & 0xffff) + (cCross2 & 0xffff)) >>> 16)) | 0;
      c0 = cHigh2 ^ c1 ^ key0; c1 = cLow2; c2 = cHigh0 ^ c3 ^ key1; c3 = cLow0;
      dLow0 = Math.imul(d0, m0); dLow2 = Math.imul(d2, m1);
      dHigh0 = ((d0 >>> 0) * m0 - (dLow0 ^ half)) * scale | 0;
      dLimb = d2 & 0xffff; dLimb2 = d2 >>> 16; dCross = Math.imul(dLimb2, 0x8d57); dCross2 = Math.imul(dLimb, 0xcd9e);
      dHigh2 = (Math.imul(dLimb2, 0xcd9e) + (dCross >>> 16) + (dCross2 >>> 16) + (((Math.imul(dLimb, 0x8d57) >>> 16) + (dCross & 0xffff) + (dCross2 & 0xffff)) >>> 16)) | 0;
      d0 = dHigh2 ^ d1 ^ key0; d1 = dLow2; d2 = dHigh0 ^ d3 ^ key1; d3 = dLow0;
      key0 = (key0 + w0) | 0;
      key1 = (key1 + w1) | 0;
      aLow0 = Math.imul(a0, m0); aLow2 = Math.imul(a2, m1);
      aHigh0 = ((a0 >>> 0) * m0 - (aLow0 ^ half)) * scale | 0;
      aLimb = a2 & 0xffff; aLimb2 = a2 >>> 16; aCross = Math.imul(aLimb2, 0x8d57); aCross2 = Math.imul(aLimb, 0xcd9e);
      aHigh2 = (Math.imul(aLimb2, 0xcd9e) + (aCross >>> 16) + (aCross2 >>> 16) + (((Math.imul(aLimb, 0x8d57) >>> 16) + (aCross & 0xffff) + (aCross2 & 0xffff)) >>> 16)) | 0;
      a0 = aHigh2 ^ a1 ^ key0; a1 = aLow2; a2 = aHigh0 ^ a3 ^ key1; a3 = aLow0;
      bLow0 = Math.imul(b0, m0); bLow2 = Math.imul(b2, m1);
      bHigh0 = ((b0 >>> 0) * m0 - (bLow0 ^ half)) * scale | 0;
      bLimb = b2 & 0xffff; bLimb2 = b2 >>> 16; bCross = Math.imul(bLimb2, 0x8d57); bCross2 = Math.imul(bLimb, 0xcd9e);
      bHigh2 = (Math.imul(bLimb2, 0xcd9e) + (bCross >>> 16) + (bCross2 >>> 16) + (((Math.imul(bLimb, 0x8d57) >>> 16) + (bCross & 0xffff) + (bCross2 & 0xffff)) >>> 16)) | 0;
      b0 = bHigh2 ^ b1 ^ key0; b1 = bLow2; b2 = bHigh0 ^ b3 ^ key1; b3 = bLow0;
      cLow0 = Math.imul(c0, m0); cLow2 = Math.imul(c2, m1);
      cHigh0 = ((c0 >>> 0) * m0 - (cLow0 ^ half)) * scale | 0;
      cLimb = c2 & 0xffff; cLimb2 = c2 >>> 16; cCross = Math.imul(cLimb2, 0x8d57); cCross2 = Math.imul(cLimb, 0xcd9e);
      cHigh2 = (Math.imul(cLimb2, 0xcd9e) + (cCross >>> 16) + (cCross2 >>> 16) + (((Math.imul(cLimb, 0x8d57) >>> 16) + (cCross & 0xffff) + (cCross2 & 0xffff)) >>> 16)) | 0;
      c0 = cHigh2 ^ c1 ^ key0; c1 = cLow2; c2 = cHigh0 ^ c3 ^ key1; c3 = cLow0;
      dLow0 = Math.imul(d0, m0); dLow2 = Math.imul(d2, m1);
      dHigh0 = ((d0 >>> 0) * m0 - (dLow0 ^ half)) * scale | 0;
      dLimb = d2 & 0xffff; dLimb2 = d2 >>> 16; dCross = Math.imul(dLimb2, 0x8d57); dCross2 = Math.imul(dLimb, 0xcd9e);
      dHigh2 = (Math.imul(dLimb2, 0xcd9e) + (dCross >>> 16) + (dCross2 >>> 16) + (((Math.imul(dLimb, 0x8d57) >>> 16) + (dCross & 0xffff) + (dCross2 & 0xffff)) >>> 16)) | 0;
      d0 = dHigh2 ^ d1 ^ key0; d1 = dLow2; d2 = dHigh0 ^ d3 ^ key1; d3 = dLow0;
      key0 = (key0 + w0) | 0;
      key1 = (key1 + w1) | 0;
    }
    const offset = block * 4;
    if (uniform === null) {
      words[offset] = a0; words[offset + 1] = a1; words[offset + 2] = a2; words[offset + 3] = a3;
      words[offset + 4] = b0; words[offset + 5] = b1; words[offset + 6] = b2; words[offset + 7] = b3;
      words[offset + 8] = c0; words[offset + 9] = c1; words[offset + 10] = c2; words[offset + 11] = c3;
      words[offset + 12] = d0; words[offset + 13] = d1; words[offset + 14] = d2; words[offset + 15] = d3;
    } else {
      // f32(low + f32(width·u01(x))): width·2^-24·k is the exact product width·(k·2^-24) (a
      // power-of-two scaling), and the store rounds the sum.
      uniform[offset] = low + fround(scaledWidth * (a0 >>> 8)); uniform[offset + 1] = low + fround(scaledWidth * (a1 >>> 8));
      uniform[offset + 2] = low + fround(scaledWidth * (a2 >>> 8)); uniform[offset + 3] = low + fround(scaledWidth * (a3 >>> 8));
      uniform[offset + 4] = low + fround(scaledWidth * (b0 >>> 8)); uniform[offset + 5] = low + fround(scaledWidth * (b1 >>> 8));
      uniform[offset + 6] = low + fround(scaledWidth * (b2 >>> 8)); uniform[offset + 7] = low + fround(scaledWidth * (b3 >>> 8));
      uniform[offset + 8] = low + fround(scaledWidth * (c0 >>> 8)); uniform[offset + 9] = low + fround(scaledWidth * (c1 >>> 8));
      uniform[offset + 10] = low + fround(scaledWidth * (c2 >>> 8)); uniform[offset + 11] = low + fround(scaledWidth * (c3 >>> 8));
      uniform[offset + 12] = low + fround(scaledWidth * (d0 >>> 8)); uniform[offset + 13] = low + fround(scaledWidth * (d1 >>> 8));
      uniform[offset + 14] = low + fround(scaledWidth * (d2 >>> 8)); uniform[offset + 15] = low + fround(scaledWidth * (d3 >>> 8));
    }
  }
}
