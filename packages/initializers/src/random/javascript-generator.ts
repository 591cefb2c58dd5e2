import { philoxBlockInto } from "./philox";
import type { PreparedRule } from "./prepared-rule";
import type { RandomKeyWords } from "./random-key-words";
import { standardNormalLowerQuantile } from "./standard-normal";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_PI = 2 * Math.PI;

/** `u01(x) = (x >>> 8) · 2^-24`, in [0, 1), exact in float32. */
function u01(word: number): number {
  return (word >>> 8) * TWO_POW_MINUS_24;
}

/** `uOpen(x) = ((x >>> 8) + 0.5) · 2^-24`, in (0, 1). */
function uOpen(word: number): number {
  return ((word >>> 8) + 0.5) * TWO_POW_MINUS_24;
}

/**
 * The pure-JavaScript reference generator: elements `[start, start + out.length)` of a parameter,
 * computed element by element from docs/rng.md in float64 and stored as float32. Uniform values are
 * bit-identical to the WebAssembly generator; normal values are the float32 rounding of the exact
 * formula. Works for any `start`: a block that straddles the range is computed and partly used.
 * @example
 * generateWithJavaScript(prepareRule({ kind: "normal", mean: 0, std: 1 }), randomKeyWords(key), 0, out);
 */
export function generateWithJavaScript(rule: PreparedRule, words: RandomKeyWords, start: number, out: Float32Array): void {
  const count = out.length;
  if (count === 0) return;
  if (rule.kind === "constant") {
    out.fill(rule.value);
    return;
  }
  const block = new Uint32Array(4);
  const values = new Float64Array(4);
  const { key0, key1, path0, path1 } = words;
  const end = start + count;
  for (let blockIndex = Math.floor(start / 4); blockIndex * 4 < end; blockIndex++) {
    philoxBlockInto(blockIndex % TWO_POW_32, Math.floor(blockIndex / TWO_POW_32), path0, path1, key0, key1, block, 0);
    transformBlock(rule, block, values);
    const first = Math.max(blockIndex * 4, start);
    const last = Math.min(blockIndex * 4 + 4, end);
    for (let element = first; element < last; element++) out[element - start] = values[element - blockIndex * 4]!;
  }
}

function transformBlock(rule: Exclude<PreparedRule, { kind: "constant" }>, block: Uint32Array, values: Float64Array): void {
  switch (rule.kind) {
    case "uniform":
      // f32(low + f32(width · u)): float64 addition of two float32 values then one rounding to
      // float32 equals the float32 addition (53 ≥ 2·24 + 2), so this is bit-exact.
      for (let j = 0; j < 4; j++) values[j] = rule.low + Math.fround(rule.width * u01(block[j]!));
      return;
    case "normal":
      // Box–Muller on the word pairs (0, 1) and (2, 3).
      for (let j = 0; j < 4; j += 2) {
        const radius = Math.sqrt(-2 * Math.log(uOpen(block[j]!)));
        const angle = TWO_PI * u01(block[j + 1]!);
        values[j] = rule.mean + rule.std * (radius * Math.cos(angle));
        values[j + 1] = rule.mean + rule.std * (radius * Math.sin(angle));
      }
      return;
    case "truncNormal":
      for (let j = 0; j < 4; j++) {
        const u = uOpen(block[j]!);
        const p = rule.lowerMass + rule.width * u;
        const q = rule.upperMass + rule.width * (1 - u);
        const z = p <= q ? standardNormalLowerQuantile(p) : -standardNormalLowerQuantile(q);
        const value = Math.fround(rule.mean + rule.std * z);
        values[j] = value < rule.low ? rule.low : value > rule.high ? rule.high : value;
      }
      return;
  }
}
