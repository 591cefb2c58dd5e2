// The WebAssembly module's float32 natural logarithm (asm/random.ts: logPositive, logOpenUnit,
// Cephes logf), operation for operation in JavaScript. Every float32 operation is a float64
// operation rounded by Math.fround: for +, −, ×, ÷ and √ of float32 inputs that double rounding
// equals the single float32 rounding (53 ≥ 2·24 + 2), and neither WebAssembly nor Math.fround fuses
// a multiply-add, so the results are the module's bits.

const f32 = Math.fround;

/** Cephes logf polynomial, highest degree first (float32). */
export const LOG_COEFFICIENTS = Float64Array.from(
  [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1],
  f32,
);
const [P0, P1, P2, P3, P4, P5, P6, P7, P8] = LOG_COEFFICIENTS as unknown as number[];
const LN2_LOW = f32(-2.1219444e-4);
const LN2_HIGH = f32(0.693359375);
const SQRT_HALF = f32(0.707106781186547524);
const TWO_POW_MINUS_24 = 2 ** -24;

const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);

/** 2^-n for n = 0 .. 32: the scale that takes a float in [2^(n−1), 2^n) to [0.5, 1). */
const INVERSE_POWERS = Float64Array.from({ length: 33 }, (_, n) => 2 ** -n);

/**
 * ln of the float32 `mantissa · 2^exponent`, mantissa ∈ [0.5, 1) (an exact float32): Cephes logf
 * as the module evaluates it, about 1 ulp.
 */
function logFromParts(mantissa: number, exponent: number): number {
  let x: number;
  if (mantissa < SQRT_HALF) {
    exponent -= 1;
    x = mantissa + mantissa - 1; // exact
  } else {
    x = mantissa - 1; // exact
  }
  const z = f32(x * x);
  let p = f32(f32(P0 * x) + P1);
  p = f32(f32(p * x) + P2);
  p = f32(f32(p * x) + P3);
  p = f32(f32(p * x) + P4);
  p = f32(f32(p * x) + P5);
  p = f32(f32(p * x) + P6);
  p = f32(f32(p * x) + P7);
  p = f32(f32(p * x) + P8);
  let y = f32(f32(p * x) * z);
  y = f32(y + f32(exponent * LN2_LOW));
  y = f32(y - f32(z * 0.5));
  return f32(f32(x + y) + f32(exponent * LN2_HIGH));
}

/**
 * The module's `logPositive` of a float32 value, from its bits (so subnormal and other inputs the
 * formula was not written for give the module's bits too).
 * @example
 * float32LogPositive(1); // 0
 */
export function float32LogPositive(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  scratchBits[0] = (bits & 0x007fffff) | 0x3f000000;
  return logFromParts(scratch[0]!, (bits >>> 23) - 126);
}

/**
 * The module's `logOpenUnit`: ln(uOpen) for the 24-bit integer k = word >>> 8, uOpen = (k + ½)·2^-24,
 * from the float32 u = f32(k + ½)·2^-24 and the correction for its rounding. The mantissa and
 * exponent of u come from the integer k directly (the same values as its bits).
 * @example
 * float32LogOpenUnit(0x7fffff); // ≈ ln(0.5)
 */
export function float32LogOpenUnit(k: number): number {
  const shifted = f32(k + 0.5);
  // shifted ∈ [2^(L−1), 2^L) with L the bit length of floor(shifted) (L = 0 for k = 0, shifted = ½).
  const length = 32 - Math.clz32(shifted);
  const log = logFromParts(shifted * INVERSE_POWERS[length]!, length - 24);
  if (k < 0x800000) return log; // k + ½ is exact: no correction
  const u = shifted * TWO_POW_MINUS_24;
  const error = k - shifted + 0.5; // exact: 0 or ±½
  return f32(log + f32(f32(error * TWO_POW_MINUS_24) * f32(2 - u)));
}
