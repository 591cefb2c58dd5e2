// The WebAssembly module's truncated normal (asm/random.ts: truncNormalLanes and the quantile
// functions it calls) in float32, operation for operation (see float32-logarithm.ts for why
// Math.fround after each operation gives the module's bits). The module decides per vector of four
// lanes (word j of four consecutive blocks of a call) between the table and Giles' formula, so this
// works on the same groups of four blocks.
import { float32LogPositive } from "./float32-logarithm";
import { sharedQuantileTable } from "./quantile-table";
import { GILES_CENTRAL_COEFFICIENTS, GILES_TAIL_COEFFICIENTS } from "./standard-normal";

const f32 = Math.fround;
const CENTRAL = Float64Array.from(GILES_CENTRAL_COEFFICIENTS, f32);
const TAIL = Float64Array.from(GILES_TAIL_COEFFICIENTS, f32);
const SQRT_2 = f32(Math.SQRT2);
const TWO_PI = f32(2 * Math.PI);
const LOG_SQRT_2PI = f32(0.918938533);
/** 2^-60 (exactly a float32): the smallest t the table covers. */
const QUANTILE_LOWEST = 2 ** -60;
const QUANTILE_BASE_INDEX = 1072;
const QUANTILE_POSITION_SCALE = 2 ** -19;

/** Float32 constants of a truncated normal, as the module receives them in setParameters. */
export interface Float32TruncatedNormal {
  readonly mean: number;
  readonly std: number;
  readonly low: number;
  readonly high: number;
  /** f32(Φ(α) + step/2). */
  readonly lowerOffset: number;
  /** f32((1 − Φ(β)) − step/2). */
  readonly upperOffset: number;
  /** f32(width·2^-24). */
  readonly step: number;
}

// Horner's rule, highest degree first, each step rounded like the module's f32x4 mul and add.
function polynomial8(c: Float64Array, x: number): number {
  let y = c[0]!;
  for (let i = 1; i < 9; i++) y = f32(f32(y * x) + c[i]!);
  return y;
}

/** |Φ⁻¹(t)| for t < 2.8e-8 by the Mills ratio's continued fraction and three Newton steps. */
function farTailQuantileMagnitude(t: number): number {
  const logT = float32LogPositive(t);
  const y = f32(logT * -2);
  let m = f32(Math.sqrt(f32(y - float32LogPositive(f32(y * TWO_PI)))));
  for (let step = 0; step < 3; step++) {
    let fraction = m;
    for (let n = 8; n >= 1; n--) fraction = f32(m + f32(n / fraction));
    const mills = f32(1 / fraction);
    const logCdf = f32(f32(float32LogPositive(mills) - f32(f32(m * m) * 0.5)) - LOG_SQRT_2PI);
    m = f32(m + f32(f32(logCdf - logT) * mills));
  }
  return m;
}

/** |Φ⁻¹(t)| by Giles' erfinv (the module's lowerQuantileMagnitude), the far tail beyond w = 16. */
function lowerQuantileMagnitude(t: number): number {
  const w = -float32LogPositive(f32(f32(t * f32(1 - t)) * 4));
  if (w >= 16) return farTailQuantileMagnitude(t);
  const poly = w >= 5 ? polynomial8(TAIL, f32(f32(Math.sqrt(w)) - 3)) : polynomial8(CENTRAL, f32(w - 2.5));
  return f32(f32(poly * SQRT_2) * f32(1 - f32(t + t)));
}

/**
 * Truncated-normal values for the Philox words `words[0 .. length)` (length a multiple of 16: whole
 * groups of four blocks, counted from the first block of the module call being mirrored) into
 * `values[0 .. length)`. `scratch` holds 16 float32 values.
 * @example
 * truncatedNormalInto(words, 4096, constants, values, new Float32Array(16));
 */
export function truncatedNormalInto(words: Int32Array, length: number, rule: Float32TruncatedNormal, values: Float32Array, scratch: Float32Array): void {
  // p ≥ lowerOffset and q ≥ upperOffset (adding a non-negative float32 never rounds below), so
  // when both are in the table's range every vector takes the table.
  if (rule.lowerOffset >= QUANTILE_LOWEST && rule.upperOffset >= QUANTILE_LOWEST) tableOnlyInto(words, length, rule, values);
  else groupedInto(words, length, rule, values, scratch);
}

/**
 * The common case, in two passes over the values: first t = min(p, q) stored as float32 with the
 * sign bit marking t = q, then Φ⁻¹ from the table for each, read back through the bits.
 */
function tableOnlyInto(words: Int32Array, length: number, rule: Float32TruncatedNormal, values: Float32Array): void {
  const { mean, std, low, high, lowerOffset, upperOffset, step } = rule;
  const table = sharedQuantileTable();
  // Locals, not module bindings: V8 keeps them in registers.
  const fround = Math.fround;
  const baseIndex = QUANTILE_BASE_INDEX;
  const positionScale = QUANTILE_POSITION_SCALE;
  for (let i = 0; i < length; i++) {
    const k = words[i]! >>> 8;
    const p = fround(lowerOffset + fround(step * k));
    const q = fround(upperOffset + fround(step * (0x1000000 - k)));
    values[i] = p <= q ? p : -q;
  }
  const bits = new Int32Array(values.buffer, values.byteOffset, length);
  for (let i = 0; i < length; i++) {
    const word = bits[i]!;
    // Φ⁻¹(t) ≤ 0 from the table; negated (sign 1 − 2 = −1) when t came from q.
    const sign = 1 + 2 * (word >> 31);
    const magnitudeBits = word & 0x7fffffff;
    const row = ((magnitudeBits >>> 19) - baseIndex) * 4;
    const position = ((magnitudeBits & 0x7ffff) - 0x40000) * positionScale;
    let z = fround(fround(table[row + 3]! * position) + table[row + 2]!);
    z = fround(fround(z * position) + table[row + 1]!);
    z = fround(fround(z * position) + table[row]!) * sign;
    const value = fround(mean + fround(std * z));
    const atLeastLow = value < low ? low : value;
    values[i] = high < atLeastLow ? high : atLeastLow;
  }
}

/** The general case: the module's choice between the table and Giles' formula per vector of four lanes. */
function groupedInto(words: Int32Array, length: number, rule: Float32TruncatedNormal, values: Float32Array, scratch: Float32Array): void {
  const { mean, std, low, high, lowerOffset, upperOffset, step } = rule;
  const table = sharedQuantileTable();
  const scratchBits = new Int32Array(scratch.buffer, scratch.byteOffset, 16);
  for (let group = 0; group < length; group += 16) {
    // t = min(p, q) of the 16 values, word-major as the module's lanes: scratch[4j + lane].
    let fromQ = 0;
    let tableCovers = 0b1111;
    for (let lane = 0; lane < 4; lane++) {
      for (let word = 0; word < 4; word++) {
        const k = words[group + lane * 4 + word]! >>> 8;
        const p = f32(lowerOffset + f32(step * k));
        const q = f32(upperOffset + f32(step * (0x1000000 - k)));
        const t = p <= q ? p : q;
        if (!(p <= q)) fromQ |= 1 << (word * 4 + lane);
        if (!(t >= QUANTILE_LOWEST)) tableCovers &= ~(1 << word);
        scratch[word * 4 + lane] = t;
      }
    }
    for (let word = 0; word < 4; word++) {
      for (let lane = 0; lane < 4; lane++) {
        const slot = word * 4 + lane;
        const t = scratch[slot]!;
        let z: number;
        if (tableCovers & (1 << word)) {
          const bits = scratchBits[slot]!;
          const row = ((bits >>> 19) - QUANTILE_BASE_INDEX) * 4;
          const position = ((bits & 0x7ffff) - 0x40000) * QUANTILE_POSITION_SCALE;
          z = f32(f32(table[row + 3]! * position) + table[row + 2]!);
          z = f32(f32(z * position) + table[row + 1]!);
          z = f32(f32(z * position) + table[row]!);
        } else {
          z = -lowerQuantileMagnitude(t);
        }
        if (fromQ & (1 << slot)) z = -z;
        const value = f32(mean + f32(std * z));
        const atLeastLow = value < low ? low : value;
        values[group + lane * 4 + word] = high < atLeastLow ? high : atLeastLow;
      }
    }
  }
}
