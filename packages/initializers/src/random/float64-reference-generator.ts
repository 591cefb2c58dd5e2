import { philoxBlockInto } from "./philox";
import type { PreparedRule } from "./prepared-rule";
import type { RandomKeyWords } from "./random-key-words";
import { standardNormalLowerQuantile } from "./standard-normal";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_PI = 2 * Math.PI;
/** Philox blocks per chunk: 4096 values of scratch, whatever the parameter size. */
const CHUNK_BLOCKS = 1024;

const words = new Uint32Array(CHUNK_BLOCKS * 4);
const values = new Float32Array(CHUNK_BLOCKS * 4);

/**
 * The float64 reference generator: elements `[start, start + out.length)` of a parameter, computed
 * from docs/rng.md in float64 and stored as float32. Uniform values are bit-identical to the
 * float32 generators; normal values are the float32 rounding of the exact formula (float64
 * `Math.log`/`Math.cos`/`Math.sin`, an inverse CDF accurate to float64), within a few float32 ulps
 * of the float32 generators. It produces the truncations too far in the tail for float32
 * probabilities (mass below 1e-30), and is the yardstick tests measure the float32 generators by. Whole Philox blocks are
 * computed chunk by chunk into a fixed scratch buffer and the requested range copied out, so any
 * `start` works and memory does not grow with the parameter.
 * @example
 * generateWithFloat64Reference(prepareRule({ kind: "normal", mean: 0, std: 1 }), randomKeyWords(key), 0, out);
 */
export function generateWithFloat64Reference(rule: PreparedRule, keyWords: RandomKeyWords, start: number, out: Float32Array): void {
  const count = out.length;
  if (rule.kind === "constant") {
    out.fill(rule.value);
    return;
  }
  let produced = 0;
  while (produced < count) {
    const element = start + produced;
    const firstBlock = Math.floor(element / 4);
    const skip = element - firstBlock * 4;
    const blocks = Math.min(CHUNK_BLOCKS, Math.ceil((skip + count - produced) / 4));
    fillWords(firstBlock, blocks, keyWords);
    transform(rule, blocks * 4);
    const take = Math.min(blocks * 4 - skip, count - produced);
    out.set(values.subarray(skip, skip + take), produced);
    produced += take;
  }
}

function fillWords(firstBlock: number, blocks: number, { key0, key1, path0, path1 }: RandomKeyWords): void {
  for (let block = 0; block < blocks; block++) {
    const index = firstBlock + block;
    philoxBlockInto(index % TWO_POW_32, Math.floor(index / TWO_POW_32), path0, path1, key0, key1, words, block * 4);
  }
}

function transform(rule: Exclude<PreparedRule, { kind: "constant" }>, length: number): void {
  switch (rule.kind) {
    case "uniform": {
      // f32(low + f32(width · u01)): the float64 sum of two float32 values rounded once to float32
      // (by the store) equals the float32 sum (53 ≥ 2·24 + 2), so this is bit-exact.
      const { low, width } = rule;
      for (let i = 0; i < length; i++) values[i] = low + Math.fround(width * ((words[i]! >>> 8) * TWO_POW_MINUS_24));
      return;
    }
    case "normal": {
      // Box–Muller on the word pairs (0, 1) and (2, 3): r = √(−2 ln uOpen(x0)), θ = 2π·u01(x1).
      const { mean, std } = rule;
      for (let i = 0; i < length; i += 2) {
        const radius = std * Math.sqrt(-2 * Math.log(((words[i]! >>> 8) + 0.5) * TWO_POW_MINUS_24));
        const angle = TWO_PI * ((words[i + 1]! >>> 8) * TWO_POW_MINUS_24);
        values[i] = mean + radius * Math.cos(angle);
        values[i + 1] = mean + radius * Math.sin(angle);
      }
      return;
    }
    case "truncNormal": {
      // p = Φ(α) + width·u and q = 1 − p = (1 − Φ(β)) + width·(1 − u), each without cancellation;
      // Φ⁻¹ of the smaller one, negated when it is q.
      const { mean, std, low, high, lowerMass, upperMass, width } = rule;
      for (let i = 0; i < length; i++) {
        const u = ((words[i]! >>> 8) + 0.5) * TWO_POW_MINUS_24;
        const p = lowerMass + width * u;
        const q = upperMass + width * (1 - u);
        const z = p <= q ? standardNormalLowerQuantile(p) : -standardNormalLowerQuantile(q);
        const value = Math.fround(mean + std * z);
        values[i] = value < low ? low : value > high ? high : value;
      }
      return;
    }
  }
}
