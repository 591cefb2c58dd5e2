import { boxMullerInto } from "./box-muller";
import { truncatedNormalInto, type Float32TruncatedNormal } from "./float32-truncated-normal";
import { generateWithFloat64Reference } from "./float64-reference-generator";
import { fillPhiloxWords } from "./philox-words";
import { SMALLEST_FLOAT32_TRUNCATION_MASS, type PreparedRule } from "./prepared-rule";
import type { RandomKeyWords } from "./random-key-words";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_24 = 2 ** -24;
/**
 * Philox blocks per call of the WebAssembly module (its `chunkBlocks()`): the truncated normal
 * chooses its quantile formula per group of four blocks counted from the first block of a call, so
 * this generator cuts a parameter into the same calls.
 */
const CHUNK_BLOCKS = 4096;

const words = new Int32Array(CHUNK_BLOCKS * 4);
const values = new Float32Array(CHUNK_BLOCKS * 4);
const truncatedNormalScratch = new Float32Array(16);

type NormalRule = Extract<PreparedRule, { kind: "normal" | "truncNormal" }>;

/**
 * The pure-JavaScript generator, for runtimes without WebAssembly SIMD: elements
 * `[start, start + out.length)` of a parameter following the WebAssembly module (asm/random.ts):
 * its float32 operations for uniform and truncated-normal values (the same bits), its Box–Muller
 * formulas in float64 for normals (within 4 float32 ulp, docs/rng.md). Philox runs four blocks at a
 * time in int32 arithmetic into a fixed scratch buffer (uniform values straight from its loop);
 * whole chunks are written straight into `out`, the partial first and last ones through scratch,
 * so memory does not grow with the parameter. Truncations with mass below 1e-30 go to the float64
 * reference, as with WebAssembly.
 * @example
 * generateWithJavaScript(prepareRule({ kind: "normal", mean: 0, std: 1 }), randomKeyWords(key), 0, out);
 */
export function generateWithJavaScript(rule: PreparedRule, keyWords: RandomKeyWords, start: number, out: Float32Array): void {
  if (rule.kind === "constant") {
    out.fill(rule.value);
    return;
  }
  if (rule.kind === "truncNormal" && rule.width < SMALLEST_FLOAT32_TRUNCATION_MASS) {
    generateWithFloat64Reference(rule, keyWords, start, out);
    return;
  }
  const truncatedNormal = rule.kind === "truncNormal" ? float32TruncatedNormal(rule) : null;
  const count = out.length;
  let produced = 0;
  while (produced < count) {
    const element = start + produced;
    const block = Math.floor(element / 4);
    const skip = element - block * 4;
    const blockLow = block % TWO_POW_32;
    // A call never crosses a multiple of 2^32 blocks (counter word 1 stays fixed), as in the module.
    const blocks = Math.min(CHUNK_BLOCKS, Math.ceil((skip + count - produced) / 4), TWO_POW_32 - blockLow);
    const groupBlocks = Math.ceil(blocks / 4) * 4;
    const take = Math.min(blocks * 4 - skip, count - produced);
    const direct = skip === 0 && take === groupBlocks * 4;
    const target = direct ? out.subarray(produced, produced + take) : values;
    const blockHigh = Math.floor(block / TWO_POW_32);
    if (rule.kind === "uniform") fillPhiloxWords(blockLow, blockHigh, groupBlocks, keyWords, words, target, rule.low, rule.width);
    else {
      fillPhiloxWords(blockLow, blockHigh, groupBlocks, keyWords, words);
      transform(rule, truncatedNormal, words, groupBlocks * 4, target);
    }
    if (!direct) out.set(values.subarray(skip, skip + take), produced);
    produced += take;
  }
}

function transform(rule: NormalRule, truncatedNormal: Float32TruncatedNormal | null, words: Int32Array, length: number, target: Float32Array): void {
  switch (rule.kind) {
    case "normal":
      boxMullerInto(words, length, Math.fround(rule.mean), Math.fround(rule.std), target, 0);
      return;
    case "truncNormal":
      truncatedNormalInto(words, length, truncatedNormal!, target, truncatedNormalScratch);
      return;
  }
}

/** The float32 constants the module receives for a truncated normal (webassembly-generator.ts). */
function float32TruncatedNormal(rule: Extract<PreparedRule, { kind: "truncNormal" }>): Float32TruncatedNormal {
  const step = rule.width * TWO_POW_MINUS_24;
  return {
    mean: Math.fround(rule.mean),
    std: Math.fround(rule.std),
    low: Math.fround(rule.low),
    high: Math.fround(rule.high),
    lowerOffset: Math.fround(rule.lowerMass + step / 2),
    upperOffset: Math.fround(rule.upperMass - step / 2),
    step: Math.fround(step),
  };
}
