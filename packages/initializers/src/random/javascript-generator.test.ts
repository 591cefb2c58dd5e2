import { describe, expect, it } from "vitest";
import type { RandomKey } from "../random-key";
import { generateRuleValues, type RandomEngine } from "./generate-rule-values";
import type { GeneratedRule } from "./prepared-rule";

/**
 * The pure-JavaScript generator against the WebAssembly module, value by value: the same bits for
 * uniform and truncated normal over many keys, starts (not multiples of 4, across the module's
 * 16384-value calls and the 2^32-block counter boundary) and lengths (odd ones included); normals
 * within the float32-rounding tolerance of docs/rng.md.
 */
const BIT_IDENTICAL: readonly GeneratedRule[] = [
  { kind: "uniform", low: -1, high: 1 },
  { kind: "uniform", low: 0.25, high: 1e5 },
  { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
  { kind: "truncNormal", mean: 0.1, std: 0.02, low: 0.07, high: 0.3 },
  { kind: "truncNormal", mean: 5, std: 1, low: -1, high: 1 },
  { kind: "truncNormal", mean: 0, std: 1, low: 4, high: 12 },
  // Far tail: Giles' formula and Newton steps below the table (t < 2^-60).
  { kind: "truncNormal", mean: 0, std: 1, low: -12, high: -9.5 },
  // Both sides of 2^-60 in one vector of four lanes: the module picks one formula for the vector.
  { kind: "truncNormal", mean: 0, std: 1, low: -9.2, high: -8.5 },
  { kind: "truncNormal", mean: 0, std: 1, low: 8.5, high: 9.2 },
];
const NORMALS: readonly Extract<GeneratedRule, { kind: "normal" }>[] = [
  { kind: "normal", mean: 0, std: 1 },
  { kind: "normal", mean: -3, std: 0.02 },
  { kind: "normal", mean: 0.5, std: 2 },
];
const STARTS = [0, 1, 3, 5, 16_381, 16_384 - 7, 1_000_003, 4 * 2 ** 32 - 6, 4 * 2 ** 32 + 1, 2 ** 45 + 3];
const LENGTHS = [1, 2, 3, 7, 17, 63, 4_097, 16_385, 40_001];
const KEYS: readonly RandomKey[] = [
  { seed: 0, path: "fc.weight" },
  { seed: 7, path: "tail.weight" },
  { seed: 2 ** 40 + 7, path: "backbone.layer1.0.conv1.weight" },
  { seed: 4_294_967_295, path: "blocks.3.attn.проекция" },
];

function generate(rule: GeneratedRule, key: RandomKey, start: number, length: number, engine: RandomEngine): Float32Array {
  const out = new Float32Array(length);
  generateRuleValues(rule, key, start, out, { engine });
  return out;
}

function bitMismatches(a: Float32Array, b: Float32Array): number {
  const aBits = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const bBits = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let mismatches = 0;
  for (let i = 0; i < a.length; i++) if (aBits[i] !== bBits[i]) mismatches++;
  return mismatches;
}

describe("the JavaScript generator gives the WebAssembly module's values", () => {
  it.each(BIT_IDENTICAL.map((rule) => [JSON.stringify(rule), rule] as const))("%s: the same bits for every key, start and length", (_, rule) => {
    let compared = 0;
    KEYS.forEach((key, keyIndex) => {
      STARTS.forEach((start, startIndex) => {
        // Every length at every start would be slow; rotate through them.
        for (const length of [LENGTHS[(keyIndex + startIndex) % LENGTHS.length]!, LENGTHS[(keyIndex * 3 + startIndex + 4) % LENGTHS.length]!]) {
          const wasm = generate(rule, key, start, length, "webassembly");
          const javascript = generate(rule, key, start, length, "javascript");
          expect(bitMismatches(wasm, javascript), `seed ${key.seed}, path ${key.path}, start ${start}, length ${length}`).toBe(0);
          compared += length;
        }
      });
    });
    expect(compared).toBeGreaterThan(100_000);
  });

  it("follows the module's grouping of four blocks per call, where the formula depends on it", () => {
    const rule = { kind: "truncNormal", mean: 0, std: 1, low: -9.2, high: -8.5 } as const;
    const key = { seed: 7, path: "tail.weight" };
    const aligned = generate(rule, key, 0, 4_104, "webassembly");
    const shifted = generate(rule, key, 4, 4_096, "webassembly");
    // The module's values at the same indices differ between the two calls (a lane next to one
    // below 2^-60 takes Giles' formula instead of the table), so this case tests the grouping.
    expect(bitMismatches(aligned.subarray(4), shifted)).toBeGreaterThan(0);
    expect(bitMismatches(generate(rule, key, 0, 4_104, "javascript"), aligned)).toBe(0);
    expect(bitMismatches(generate(rule, key, 4, 4_096, "javascript"), shifted)).toBe(0);
  });

  it.each(NORMALS.map((rule) => [JSON.stringify(rule), rule] as const))("%s: within 2^-20 of max(|value|, scale) everywhere, within 4 ulp where mean is 0", (_, rule) => {
    const scale = Math.max(rule.std, Math.abs(rule.mean));
    for (const key of KEYS) {
      for (const start of [0, 3, 16_381, 4 * 2 ** 32 - 6]) {
        const wasm = generate(rule, key, start, 30_001, "webassembly");
        const javascript = generate(rule, key, start, 30_001, "javascript");
        const wasmBits = new Int32Array(wasm.buffer);
        const javascriptBits = new Int32Array(javascript.buffer);
        let worst = 0;
        let worstUlp = 0;
        for (let i = 0; i < wasm.length; i++) {
          worst = Math.max(worst, Math.abs(wasm[i]! - javascript[i]!) / (2 ** -20 * Math.max(Math.abs(javascript[i]!), scale)));
          worstUlp = Math.max(worstUlp, Math.abs(wasmBits[i]! - javascriptBits[i]!));
        }
        expect(worst, `seed ${key.seed}, start ${start}`).toBeLessThanOrEqual(1);
        if (rule.mean === 0) expect(worstUlp, `seed ${key.seed}, start ${start}`).toBeLessThanOrEqual(4);
      }
    }
  });

  it("any chunking of a parameter gives the same values as one call", () => {
    const rule = { kind: "normal", mean: 0, std: 1 } as const;
    const key = { seed: 3, path: "chunked.weight" };
    const whole = generate(rule, key, 1, 50_001, "javascript");
    const pieces = new Float32Array(50_001);
    for (let offset = 0, size = 1; offset < pieces.length; offset += size, size = size * 3 + 1) {
      const piece = pieces.subarray(offset, Math.min(offset + size, pieces.length));
      generateRuleValues(rule, key, 1 + offset, piece, { engine: "javascript" });
    }
    expect(bitMismatches(pieces, whole)).toBe(0);
  });
});
