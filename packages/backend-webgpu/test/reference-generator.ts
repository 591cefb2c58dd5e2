import type { RandomKey, SampleRequest } from "@initlib/initializers";
import { normalCdf } from "../src/normal-cdf";
import { philoxKeyWords } from "../src/philox-key-words";

// An independent float64 oracle of docs/rng.md for the tests: Philox4x32-10 with exact 64-bit
// products through BigInt-free 16-bit limbs, uniform rounded step by step to float32, normal and
// truncated normal evaluated in float64 (so the device's float32 transcendental error shows).

function mulHiLo(a: number, b: number): [number, number] {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const lowLow = aLow * bLow;
  const lowHigh = aLow * bHigh;
  const highLow = aHigh * bLow;
  const middle = (lowLow >>> 16) + (lowHigh & 0xffff) + (highLow & 0xffff);
  const high = (aHigh * bHigh + (lowHigh >>> 16) + (highLow >>> 16) + (middle >>> 16)) >>> 0;
  return [high, Math.imul(a, b) >>> 0];
}

export function philox(counter: readonly number[], key: readonly number[]): number[] {
  let [c0, c1, c2, c3] = counter as [number, number, number, number];
  let [k0, k1] = key as [number, number];
  for (let round = 0; round < 10; round += 1) {
    const [hi0, lo0] = mulHiLo(0xd2511f53, c0);
    const [hi1, lo1] = mulHiLo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** The 32-bit words of elements [0, size) of a key's stream. */
export function streamWords(key: RandomKey, size: number): Uint32Array {
  const words = philoxKeyWords(key);
  const out = new Uint32Array(size);
  for (let block = 0; block * 4 < size; block += 1) {
    const output = philox([block % 2 ** 32, Math.floor(block / 2 ** 32), words.pathLow, words.pathHigh], [words.key0, words.key1]);
    for (let j = 0; j < 4 && block * 4 + j < size; j += 1) out[block * 4 + j] = output[j] as number;
  }
  return out;
}

const unit = (x: number): number => (x >>> 8) * 2 ** -24;
const unitOpen = (x: number): number => ((x >>> 8) + 0.5) * 2 ** -24;

/** Inverse of the standard normal CDF in float64: Acklam's start plus two Halley steps on normalCdf. */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  let x: number;
  if (p < 0.02425 || p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    if (p > 0.5) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  }
  for (let step = 0; step < 2; step += 1) {
    const error = p <= 0.5 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
    const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** The values of a sample request over `size` elements: float32-exact for uniform, float64 otherwise. */
export function referenceValues(request: SampleRequest, size: number): Float64Array {
  const words = streamWords(request.key, size + ((4 - (size % 4)) % 4));
  const out = new Float64Array(size);
  const rule = request.rule;
  const f32 = Math.fround;
  for (let e = 0; e < size; e += 1) {
    const x = words[e] as number;
    if (rule.kind === "uniform") {
      const low = f32(rule.low);
      const width = f32(f32(rule.high) - low);
      out[e] = f32(low + f32(width * unit(x)));
    } else if (rule.kind === "normal") {
      const pair = e - (e % 2);
      const radius = Math.sqrt(-2 * Math.log(unitOpen(words[pair] as number)));
      const theta = 2 * Math.PI * unit(words[pair + 1] as number);
      const z = e % 2 === 0 ? radius * Math.cos(theta) : radius * Math.sin(theta);
      out[e] = rule.mean + rule.std * z;
    } else {
      const alpha = (rule.low - rule.mean) / rule.std;
      const beta = (rule.high - rule.mean) / rule.std;
      const lower = normalCdf(alpha);
      const p = lower + (normalCdf(beta) - lower) * unitOpen(x);
      out[e] = Math.min(Math.max(rule.mean + rule.std * normalQuantile(p), rule.low), rule.high);
    }
  }
  return out;
}
