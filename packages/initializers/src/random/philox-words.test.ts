import { describe, expect, it } from "vitest";
import { philoxBlockInto } from "./philox";
import { fillPhiloxWords } from "./philox-words";

// A small deterministic source of uint32 test inputs (xorshift32), independent of the code under test.
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

describe("fillPhiloxWords", () => {
  it("gives philoxBlockInto's words for random keys, paths and counters, the high product words included", () => {
    const next = xorshift(12345);
    const expected = new Uint32Array(4);
    for (let trial = 0; trial < 200; trial++) {
      const keyWords = { key0: next(), key1: next(), path0: next(), path1: next() };
      const blockLow = next();
      const blockHigh = trial % 3 === 0 ? 0 : next();
      const words = new Int32Array(64);
      fillPhiloxWords(blockLow, blockHigh, 16, keyWords, words);
      for (let block = 0; block < 16; block++) {
        // The low counter word wraps at 2^32 like the module's lanes.
        philoxBlockInto((blockLow + block) >>> 0, blockHigh, keyWords.path0, keyWords.path1, keyWords.key0, keyWords.key1, expected, 0);
        expect(Array.from(words.subarray(block * 4, block * 4 + 4), (word) => word >>> 0), `trial ${trial}, block ${block}`).toEqual(Array.from(expected));
      }
    }
  });

  it("gives Random123's known answers (all zeros, all ones)", () => {
    const zeros = new Int32Array(16);
    fillPhiloxWords(0, 0, 4, { key0: 0, key1: 0, path0: 0, path1: 0 }, zeros);
    expect(Array.from(zeros.subarray(0, 4), (word) => word >>> 0)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const ones = new Int32Array(16);
    fillPhiloxWords(0xffffffff, 0xffffffff, 4, { key0: 0xffffffff, key1: 0xffffffff, path0: 0xffffffff, path1: 0xffffffff }, ones);
    expect(Array.from(ones.subarray(0, 4), (word) => word >>> 0)).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
  });
});
