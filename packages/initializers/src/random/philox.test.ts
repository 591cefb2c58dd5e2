import { describe, expect, it } from "vitest";
import { philox4x32x10 } from "./philox";

const hex = (words: Uint32Array) => Array.from(words, (w) => w.toString(16).padStart(8, "0")).join(" ");

// Random123 kat_vectors, philox4x32 with 10 rounds (also listed in docs/rng.md).
const KNOWN_ANSWERS: [[number, number, number, number], [number, number], string][] = [
  [[0, 0, 0, 0], [0, 0], "6627e8d5 e169c58d bc57ac4c 9b00dbd8"],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], "408f276d 41c83b0e a20bc7c6 6d5451fd"],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], "d16cfe09 94fdcceb 5001e420 24126ea1"],
];

// Independent reference with BigInt arithmetic, to check many more inputs than the three vectors.
function philoxBigInt(counter: number[], key: number[]): Uint32Array {
  let [c0, c1, c2, c3] = counter.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  const mask = 0xffffffffn;
  for (let round = 0; round < 10; round++) {
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & mask, p1 & mask, ((p0 >> 32n) ^ c3 ^ k1) & mask, p0 & mask];
    k0 = (k0 + 0x9e3779b9n) & mask;
    k1 = (k1 + 0xbb67ae85n) & mask;
  }
  return Uint32Array.from([c0, c1, c2, c3].map(Number));
}

describe("philox4x32x10", () => {
  it.each(KNOWN_ANSWERS)("matches Random123's known answer for counter %j, key %j", (counter, key, expected) => {
    expect(hex(philox4x32x10(counter, key))).toBe(expected);
  });

  it("agrees with a BigInt implementation on pseudo-random inputs", () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const counter = [next(), next(), next(), next()];
      const key = [next(), next()];
      expect(hex(philox4x32x10(counter as [number, number, number, number], key as [number, number]))).toBe(
        hex(philoxBigInt(counter, key)),
      );
    }
  });
});
