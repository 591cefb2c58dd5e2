// The pure-JavaScript generator's Philox4x32-10 loop: four blocks side by side, all arithmetic in
// int32 and float64 without allocation or BigInt. See philox.ts for the definition.
import type { RandomKeyWords } from "./random-key-words";

// The multipliers and key increments are philox.ts's PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1
// (philox-words.test.ts checks the words against philoxBlockInto).
//
// High 32 bits of the 64-bit product a·m (a, m uint32) from its exact low 32 bits `low`
// (Math.imul): the float64 product a·m is within 2^11 of the exact one, so (a·m − low)·2^-32 is
// within 2^-20 of the integer high word, and rounding it (add ½, truncate) is exact. `| 0` wraps
// high words ≥ 2^31 to int32 like every other word here. Cheaper in V8 than four 16-bit partial
// products.

/**
 * Philox4x32-10 of blocks `blockLow + i` (i = 0 .. blocks − 1, the low counter word wrapping at
 * 2^32 like the WebAssembly module's lanes) with counter word 1 `blockHigh` and the path words,
 * written as int32 words `words[4i .. 4i + 4)` (the same bits as philoxBlockInto's uint32 words).
 * `blocks` must be a multiple of 4: four blocks run interleaved so that the multiplies of one hide
 * the latency of the others.
 * @example
 * fillPhiloxWords(0, 0, 4, randomKeyWords({ seed: 0, path: "w" }), new Int32Array(16));
 */
export function fillPhiloxWords(blockLow: number, blockHigh: number, blocks: number, keyWords: RandomKeyWords, words: Int32Array): void {
  // Constants as function locals: V8 folds them into the instructions (module-level and imported
  // bindings are loaded on every use).
  const m0 = 0xd2511f53;
  const m1 = 0xcd9e8d57;
  const w0 = 0x9e3779b9 | 0;
  const w1 = 0xbb67ae85 | 0;
  const scale = 2 ** -32;
  const counter1 = blockHigh | 0;
  const path0 = keyWords.path0 | 0;
  const path1 = keyWords.path1 | 0;
  const firstKey0 = keyWords.key0 | 0;
  const firstKey1 = keyWords.key1 | 0;
  for (let block = 0; block < blocks; block += 4) {
    let key0 = firstKey0;
    let key1 = firstKey1;
    // Words (x0, x1, x2, x3) of the four blocks a, b, c, d.
    let a0 = (blockLow + block) | 0, a1 = counter1, a2 = path0, a3 = path1;
    let b0 = (blockLow + block + 1) | 0, b1 = counter1, b2 = path0, b3 = path1;
    let c0 = (blockLow + block + 2) | 0, c1 = counter1, c2 = path0, c3 = path1;
    let d0 = (blockLow + block + 3) | 0, d1 = counter1, d2 = path0, d3 = path1;
    for (let round = 0; round < 10; round++) {
      // (((x >>> 0)·m − (low >>> 0))·2^-32 + ½) | 0 is the high word (see above).
      const aLow0 = Math.imul(a0, m0), aLow2 = Math.imul(a2, m1);
      const aHigh0 = (((a0 >>> 0) * m0 - (aLow0 >>> 0)) * scale + 0.5) | 0;
      const aHigh2 = (((a2 >>> 0) * m1 - (aLow2 >>> 0)) * scale + 0.5) | 0;
      a0 = aHigh2 ^ a1 ^ key0; a1 = aLow2; a2 = aHigh0 ^ a3 ^ key1; a3 = aLow0;
      const bLow0 = Math.imul(b0, m0), bLow2 = Math.imul(b2, m1);
      const bHigh0 = (((b0 >>> 0) * m0 - (bLow0 >>> 0)) * scale + 0.5) | 0;
      const bHigh2 = (((b2 >>> 0) * m1 - (bLow2 >>> 0)) * scale + 0.5) | 0;
      b0 = bHigh2 ^ b1 ^ key0; b1 = bLow2; b2 = bHigh0 ^ b3 ^ key1; b3 = bLow0;
      const cLow0 = Math.imul(c0, m0), cLow2 = Math.imul(c2, m1);
      const cHigh0 = (((c0 >>> 0) * m0 - (cLow0 >>> 0)) * scale + 0.5) | 0;
      const cHigh2 = (((c2 >>> 0) * m1 - (cLow2 >>> 0)) * scale + 0.5) | 0;
      c0 = cHigh2 ^ c1 ^ key0; c1 = cLow2; c2 = cHigh0 ^ c3 ^ key1; c3 = cLow0;
      const dLow0 = Math.imul(d0, m0), dLow2 = Math.imul(d2, m1);
      const dHigh0 = (((d0 >>> 0) * m0 - (dLow0 >>> 0)) * scale + 0.5) | 0;
      const dHigh2 = (((d2 >>> 0) * m1 - (dLow2 >>> 0)) * scale + 0.5) | 0;
      d0 = dHigh2 ^ d1 ^ key0; d1 = dLow2; d2 = dHigh0 ^ d3 ^ key1; d3 = dLow0;
      key0 = (key0 + w0) | 0;
      key1 = (key1 + w1) | 0;
    }
    const offset = block * 4;
    words[offset] = a0; words[offset + 1] = a1; words[offset + 2] = a2; words[offset + 3] = a3;
    words[offset + 4] = b0; words[offset + 5] = b1; words[offset + 6] = b2; words[offset + 7] = b3;
    words[offset + 8] = c0; words[offset + 9] = c1; words[offset + 10] = c2; words[offset + 11] = c3;
    words[offset + 12] = d0; words[offset + 13] = d1; words[offset + 14] = d2; words[offset + 15] = d3;
  }
}
