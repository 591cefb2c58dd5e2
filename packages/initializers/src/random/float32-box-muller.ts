// The WebAssembly module's Box–Muller transform (asm/random.ts: normalSet, sinCosTurns) in float32,
// operation for operation (see float32-logarithm.ts for why Math.fround after each operation gives
// the module's bits).
import { float32LogOpenUnit } from "./float32-logarithm";

const f32 = Math.fround;
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
 * word pairs (0, 1) and (2, 3) of each block, z = mean + radius·(cos, sin). `mean` and `std` are
 * float32 values.
 * @example
 * boxMullerInto(words, 4096, Math.fround(0), Math.fround(1), out, 0);
 */
export function boxMullerInto(words: Int32Array, length: number, mean: number, std: number, out: Float32Array, outOffset: number): void {
  for (let i = 0; i < length; i += 2) {
    const radius = f32(f32(Math.sqrt(-2 * float32LogOpenUnit(words[i]! >>> 8))) * std);
    // sin and cos of 2π·t, t = k·2^-24: quadrant j = round(4t) in integers, φ = 2π(t − j/4) ∈ [−π/4, π/4].
    const k = words[i + 1]! >>> 8;
    const quadrant = (k + 0x200000) >>> 22;
    const phi = f32((k - (quadrant << 22)) * TURN_TO_RADIANS);
    const phi2 = f32(phi * phi);
    let sine = f32(f32(SIN_P0 * phi2) + SIN_P1);
    sine = f32(f32(sine * phi2) + SIN_P2);
    sine = f32(f32(f32(sine * phi2) * phi) + phi);
    let cosine = f32(f32(COS_P0 * phi2) + COS_P1);
    cosine = f32(f32(cosine * phi2) + COS_P2);
    cosine = f32(f32(f32(f32(cosine * phi2) * phi2) - f32(phi2 * 0.5)) + 1);
    // Rotate by j quarter turns: odd j swaps them; cos is negated for j ∈ {1, 2}, sin for j ∈ {2, 3}.
    let cosineOut = quadrant & 1 ? sine : cosine;
    let sineOut = quadrant & 1 ? cosine : sine;
    if ((quadrant + 1) & 2) cosineOut = -cosineOut;
    if (quadrant & 2) sineOut = -sineOut;
    // The stores round mean + f32(radius·c) to float32.
    out[outOffset + i] = mean + f32(radius * cosineOut);
    out[outOffset + i + 1] = mean + f32(radius * sineOut);
  }
}
