// The WebAssembly module's float32 natural logarithm (asm/random.ts: logPositive, Cephes logf),
// operation for operation in JavaScript, for the truncated normal's rare Giles and far-tail paths.
// Every float32 operation is a float64 operation rounded by Math.fround: for +, −, ×, ÷ and √ of
// float32 inputs that double rounding equals the single float32 rounding (53 ≥ 2·24 + 2), and
// neither WebAssembly nor Math.fround fuses a multiply-add, so the results are the module's bits.

const f32 = Math.fround;

/** Cephes logf polynomial, highest degree first (float32 values; the Box–Muller transform uses them too). */
export const LOG_COEFFICIENTS = Float64Array.from(
  [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1],
  f32,
);
const [P0, P1, P2, P3, P4, P5, P6, P7, P8] = LOG_COEFFICIENTS as unknown as number[];
const LN2_LOW = f32(-2.1219444e-4);
const LN2_HIGH = f32(0.693359375);
const SQRT_HALF = f32(Math.SQRT1_2);

const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);

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
