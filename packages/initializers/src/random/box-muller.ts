// The WebAssembly module's Box–Muller transform (asm/random.ts: normalSet, logOpenUnit, sinCosTurns)
// with the same formulas (Cephes logf, sinf and cosf polynomials, the same quadrant reduction and
// rounding correction) evaluated in float64 and rounded once to float32 on store. Rounding every
// operation to float32 as the module does gives its exact bits but runs at a third of the speed, below
// tfjs-core's own randomNormal; float64 evaluation lands within a few float32 ulps of the module's
// values (docs/rng.md gives the bound the tests hold it to).
import { LOG_COEFFICIENTS } from "./float32-logarithm";

const f32 = Math.fround;
const [LOG_P0, LOG_P1, LOG_P2, LOG_P3, LOG_P4, LOG_P5, LOG_P6, LOG_P7, LOG_P8] = LOG_COEFFICIENTS as unknown as number[];
const LN2_LOW = f32(-2.1219444e-4);
const LN2_HIGH = f32(0.693359375);
const SQRT_HALF = f32(Math.SQRT1_2);
/** 2^-n for n = 0 .. 32: the scale that takes a float in [2^(n−1), 2^n) to [0.5, 1). */
const INVERSE_POWERS = Float64Array.from({ length: 33 }, (_, n) => 2 ** -n);
/** Cosine and sine of the angle being rotated, indexed by the quadrant's parity. */
const selection = new Float64Array(2);
const TURN_TO_RADIANS = f32(3.7450702e-7);
const SIN_P0 = f32(-1.9515295891e-4);
const SIN_P1 = f32(8.3321608736e-3);
const SIN_P2 = f32(-1.6666654611e-1);
const COS_P0 = f32(2.443315711809948e-5);
const COS_P1 = f32(-1.388731625493765e-3);
const COS_P2 = f32(4.166664568298827e-2);

/**
 * N(mean, std²) for the Philox words `words[0 .. length)` (whole blocks) into
 * `out[outOffset .. outOffset + length)`: radius √(−2 ln uOpen(w0))·std, angle 2π·u01(w1) for the
 * word pairs (0, 1) and (2, 3) of each block, z = mean + radius·(cos, sin); `mean` and `std` are
 * the float32 values the module receives. The data-dependent choices are arithmetic, so the loop
 * has no branch a random word can mispredict.
 * @example
 * boxMullerInto(words, 4096, Math.fround(0), Math.fround(1), out, 0);
 */
export function boxMullerInto(words: Int32Array, length: number, mean: number, std: number, out: Float32Array, outOffset: number): void {
  // Module constants copied to locals once per call: V8 keeps locals in registers, while a
  // module-level binding is loaded from its context on every use.
  const logP0 = LOG_P0, logP1 = LOG_P1, logP2 = LOG_P2, logP3 = LOG_P3, logP4 = LOG_P4, logP5 = LOG_P5, logP6 = LOG_P6, logP7 = LOG_P7, logP8 = LOG_P8;
  const ln2Low = LN2_LOW, ln2High = LN2_HIGH, sqrtHalf = SQRT_HALF, inversePowers = INVERSE_POWERS, turnToRadians = TURN_TO_RADIANS;
  const sinP0 = SIN_P0, sinP1 = SIN_P1, sinP2 = SIN_P2, cosP0 = COS_P0, cosP1 = COS_P1, cosP2 = COS_P2;
  const rotation = selection;
  for (let i = 0; i < length; i += 2) {
    // ln uOpen(w0), uOpen = (k + ½)·2^-24 = mantissa·2^exponent (exact in float64: no rounding
    // correction needed), mantissa ∈ [0.5, 1) from the bit length of k, then Cephes logf: below √½
    // the mantissa is doubled and the exponent lowered.
    const k = words[i]! >>> 8;
    const bitLength = 32 - Math.clz32(k);
    const mantissa = (k + 0.5) * inversePowers[bitLength]!;
    const small = +(mantissa < sqrtHalf);
    const exponent = bitLength - 24 - small;
    const x = mantissa * (1 + small) - 1;
    const z = x * x;
    const p = logP8 + x * (logP7 + x * (logP6 + x * (logP5 + x * (logP4 + x * (logP3 + x * (logP2 + x * (logP1 + x * logP0)))))));
    const log = x + (p * x * z + exponent * ln2Low - z * 0.5) + exponent * ln2High;
    const radius = Math.sqrt(-2 * log) * std;
    // sin and cos of 2π·t, t = k·2^-24: quadrant j = round(4t) in integers, φ = 2π(t − j/4) ∈ [−π/4, π/4].
    const turn = words[i + 1]! >>> 8;
    const quadrant = (turn + 0x200000) >>> 22;
    const phi = (turn - (quadrant << 22)) * turnToRadians;
    const phi2 = phi * phi;
    const sine = (sinP2 + phi2 * (sinP1 + phi2 * sinP0)) * phi2 * phi + phi;
    const cosine = (cosP2 + phi2 * (cosP1 + phi2 * cosP0)) * phi2 * phi2 - phi2 * 0.5 + 1;
    // Rotate by j quarter turns: odd j swaps them; cos is negated for j ∈ {1, 2}, sin for j ∈ {2, 3}.
    const swap = quadrant & 1;
    rotation[0] = cosine;
    rotation[1] = sine;
    // The stores round to float32.
    out[outOffset + i] = mean + radius * rotation[swap]! * (1 - ((quadrant + 1) & 2));
    out[outOffset + i + 1] = mean + radius * rotation[swap ^ 1]! * (1 - (quadrant & 2));
  }
}
