// initlib-philox/1 (docs/rng.md) in WebAssembly SIMD, compiled by scripts/build-random-wasm.mjs into
// src/random/generated/random-wasm.ts. AssemblyScript 0.28, `--enable simd`.
//
// Philox blocks run four side by side: lane i of vector x_j holds word j of block (first + i); two
// such sets are interleaved (8 blocks per loop iteration; `groups` counts sets of 4 and is even). A
// 32x32 → 64-bit product is two i64x2.extmul (lanes 0-1 and 2-3) whose halves are gathered with
// shuffles. Each group of 4 blocks is transformed in that layout (Box–Muller pairs words (0, 1) and
// (2, 3) of a block, i.e. vectors x0/x1 and x2/x3) and transposed to element order on store.
//
// Float arithmetic is IEEE float32 without fused multiply-add (WebAssembly never fuses), so uniform
// values are bit-identical to the JavaScript reference. ln, sin and cos are float32 polynomials
// (Cephes logf/sinf/cosf); the inverse normal CDF comes from a table of cubics the host fills in,
// with Giles' single-precision erfinv and Newton steps for the far tail below the table.

/** Blocks per call at most: 4096 blocks = 16384 float32 values = 64 KiB of output. */
const CHUNK_BLOCKS: i32 = 4096;
const ROUND_KEYS: usize = memory.data(10 * 32, 16);
const OUTPUT: usize = memory.data(CHUNK_BLOCKS * 16, 16);
/** Philox words of the current 8 blocks: x0..x3 of blocks 0-3, then x0..x3 of blocks 4-7. */
const WORDS: usize = memory.data(128, 16);
/** Per-parameter constants, splatted: path words, distribution parameters. */
const PARAMETERS: usize = memory.data(16 * 16, 16);
const PATH0 = PARAMETERS;
const PATH1 = PARAMETERS + 16;
const MEAN = PARAMETERS + 32;
const STD = PARAMETERS + 48;
const LOW = PARAMETERS + 64;
const HIGH = PARAMETERS + 80;
const LOWER_OFFSET = PARAMETERS + 96;
const UPPER_OFFSET = PARAMETERS + 112;
const STEP = PARAMETERS + 176;
const WIDTH = PARAMETERS + 128;
const COUNTER1 = PARAMETERS + 144;
const COSINE = PARAMETERS + 160;

// Splatted constants live in linear memory: a v128.const costs several instructions in V8 on every
// use, a load is one (often folded into the arithmetic).
const LANE_INDEX: usize = memory.data<i32>([0, 1, 2, 3], 16);
const MULTIPLIER0: usize = memory.data<i32>([0xd2511f53, 0xd2511f53, 0xd2511f53, 0xd2511f53], 16);
const MULTIPLIER1: usize = memory.data<i32>([0xcd9e8d57, 0xcd9e8d57, 0xcd9e8d57, 0xcd9e8d57], 16);
const TWO_POW_MINUS_24: usize = memory.data<f32>([5.9604644775390625e-8, 5.9604644775390625e-8, 5.9604644775390625e-8, 5.9604644775390625e-8], 16);
const HALF: usize = memory.data<f32>([0.5, 0.5, 0.5, 0.5], 16);
const ONE: usize = memory.data<f32>([1, 1, 1, 1], 16);
const TWO: usize = memory.data<f32>([2, 2, 2, 2], 16);
const MINUS_TWO: usize = memory.data<f32>([-2, -2, -2, -2], 16);
const FOUR: usize = memory.data<f32>([4, 4, 4, 4], 16);
const SQRT_2: usize = memory.data<f32>([1.41421356237309505, 1.41421356237309505, 1.41421356237309505, 1.41421356237309505], 16);
const TWO_POW_24_INT: usize = memory.data<i32>([0x1000000, 0x1000000, 0x1000000, 0x1000000], 16);
const SIGN_BIT: usize = memory.data<i32>([0x80000000, 0x80000000, 0x80000000, 0x80000000], 16);
const INT_ONE: usize = memory.data<i32>([1, 1, 1, 1], 16);
const INT_TWO: usize = memory.data<i32>([2, 2, 2, 2], 16);
// logf (Cephes): mantissa mask, exponent bias, √½, polynomial, ln 2 split in two.
const MANTISSA_MASK: usize = memory.data<i32>([0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff], 16);
const HALF_BITS: usize = memory.data<i32>([0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000], 16);
const EXPONENT_BIAS: usize = memory.data<i32>([126, 126, 126, 126], 16);
const SQRT_HALF: usize = memory.data<f32>([0.707106781186547524, 0.707106781186547524, 0.707106781186547524, 0.707106781186547524], 16);
const LOG_P: usize = memory.data<f32>([
  7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2,
  -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1,
  1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1,
  -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1,
  1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1,
  -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1,
  2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1,
  -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1,
  3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1,
], 16);
const LN2_LOW: usize = memory.data<f32>([-2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4], 16);
const LN2_HIGH: usize = memory.data<f32>([0.693359375, 0.693359375, 0.693359375, 0.693359375], 16);
// sinf/cosf (Cephes) on [−π/4, π/4]; quadrant rounding offset 2^21 (in units of 2^-24 turns).
const QUADRANT_ROUNDING: usize = memory.data<i32>([0x200000, 0x200000, 0x200000, 0x200000], 16);
const TURN_TO_RADIANS: usize = memory.data<f32>([3.7450702e-7, 3.7450702e-7, 3.7450702e-7, 3.7450702e-7], 16);
const SIN_P: usize = memory.data<f32>([
  -1.9515295891e-4, -1.9515295891e-4, -1.9515295891e-4, -1.9515295891e-4,
  8.3321608736e-3, 8.3321608736e-3, 8.3321608736e-3, 8.3321608736e-3,
  -1.6666654611e-1, -1.6666654611e-1, -1.6666654611e-1, -1.6666654611e-1,
], 16);
const COS_P: usize = memory.data<f32>([
  2.443315711809948e-5, 2.443315711809948e-5, 2.443315711809948e-5, 2.443315711809948e-5,
  -1.388731625493765e-3, -1.388731625493765e-3, -1.388731625493765e-3, -1.388731625493765e-3,
  4.166664568298827e-2, 4.166664568298827e-2, 4.166664568298827e-2, 4.166664568298827e-2,
], 16);
// erfinv (Giles, single precision): central branch w < 5 around w = 2.5, tail branch in √w − 3.
const ERFINV_CENTRAL: usize = memory.data<f32>([
  2.81022636e-8, 2.81022636e-8, 2.81022636e-8, 2.81022636e-8,
  3.43273939e-7, 3.43273939e-7, 3.43273939e-7, 3.43273939e-7,
  -3.5233877e-6, -3.5233877e-6, -3.5233877e-6, -3.5233877e-6,
  -4.39150654e-6, -4.39150654e-6, -4.39150654e-6, -4.39150654e-6,
  0.00021858087, 0.00021858087, 0.00021858087, 0.00021858087,
  -0.00125372503, -0.00125372503, -0.00125372503, -0.00125372503,
  -0.00417768164, -0.00417768164, -0.00417768164, -0.00417768164,
  0.246640727, 0.246640727, 0.246640727, 0.246640727,
  1.50140941, 1.50140941, 1.50140941, 1.50140941,
], 16);
const ERFINV_TAIL: usize = memory.data<f32>([
  -0.000200214257, -0.000200214257, -0.000200214257, -0.000200214257,
  0.000100950558, 0.000100950558, 0.000100950558, 0.000100950558,
  0.00134934322, 0.00134934322, 0.00134934322, 0.00134934322,
  -0.00367342844, -0.00367342844, -0.00367342844, -0.00367342844,
  0.00573950773, 0.00573950773, 0.00573950773, 0.00573950773,
  -0.0076224613, -0.0076224613, -0.0076224613, -0.0076224613,
  0.00943887047, 0.00943887047, 0.00943887047, 0.00943887047,
  1.00167406, 1.00167406, 1.00167406, 1.00167406,
  2.83297682, 2.83297682, 2.83297682, 2.83297682,
], 16);
const ERFINV_CENTER: usize = memory.data<f32>([2.5, 2.5, 2.5, 2.5], 16);
const ERFINV_TAIL_START: usize = memory.data<f32>([5, 5, 5, 5], 16);
const THREE: usize = memory.data<f32>([3, 3, 3, 3], 16);
/** w beyond which Giles' float32 fit is extrapolating (t < 2.8e-8, |z| > 5.4): Newton steps follow. */
const FAR_TAIL_START: usize = memory.data<f32>([16, 16, 16, 16], 16);
/** ln √(2π). */
const TWO_PI: usize = memory.data<f32>([6.28318530717958648, 6.28318530717958648, 6.28318530717958648, 6.28318530717958648], 16);
const LOG_SQRT_2PI: usize = memory.data<f32>([0.918938533, 0.918938533, 0.918938533, 0.918938533], 16);

// Quantile table (see lowerQuantileFromTable): 2^-60 has exponent field 67, so segment indices
// start at 67 << 4 = 1072 and end at 0.5's, 126 << 4 = 2016.
export const QUANTILE_SEGMENTS: i32 = 945;
const QUANTILE_TABLE: usize = memory.data(QUANTILE_SEGMENTS * 16, 16);
const QUANTILE_SEGMENT_SHIFT: i32 = 19;
const QUANTILE_BASE_INDEX: usize = memory.data<i32>([1072, 1072, 1072, 1072], 16);
const QUANTILE_LOWEST: usize = memory.data<f32>([8.673617379884035e-19, 8.673617379884035e-19, 8.673617379884035e-19, 8.673617379884035e-19], 16);
const QUANTILE_POSITION_MASK: usize = memory.data<i32>([0x7ffff, 0x7ffff, 0x7ffff, 0x7ffff], 16);
const QUANTILE_HALF_SEGMENT: usize = memory.data<i32>([0x40000, 0x40000, 0x40000, 0x40000], 16);
const QUANTILE_POSITION_SCALE: usize = memory.data<f32>([1.9073486328125e-6, 1.9073486328125e-6, 1.9073486328125e-6, 1.9073486328125e-6], 16);

export function quantileTablePointer(): usize {
  return QUANTILE_TABLE;
}

@inline function constant(address: usize): v128 {
  return v128.load(address);
}

export function outputPointer(): usize {
  return OUTPUT;
}

export function chunkBlocks(): i32 {
  return CHUNK_BLOCKS;
}

/** Sets the Philox key (seed words) and the path words of the counter for the calls that follow. */
export function setKey(key0: u32, key1: u32, path0: u32, path1: u32): void {
  for (let round: usize = 0; round < 10; round++) {
    v128.store(ROUND_KEYS + (round << 5), i32x4.splat(key0));
    v128.store(ROUND_KEYS + (round << 5) + 16, i32x4.splat(key1));
    key0 += 0x9e3779b9;
    key1 += 0xbb67ae85;
  }
  v128.store(PATH0, i32x4.splat(path0));
  v128.store(PATH1, i32x4.splat(path1));
}

/** Sets the distribution constants for the calls that follow (unused ones are ignored). */
export function setParameters(mean: f32, std: f32, low: f32, high: f32, width: f32, lowerOffset: f32, upperOffset: f32, step: f32): void {
  v128.store(MEAN, f32x4.splat(mean));
  v128.store(STD, f32x4.splat(std));
  v128.store(LOW, f32x4.splat(low));
  v128.store(HIGH, f32x4.splat(high));
  v128.store(WIDTH, f32x4.splat(width));
  v128.store(LOWER_OFFSET, f32x4.splat(lowerOffset));
  v128.store(UPPER_OFFSET, f32x4.splat(upperOffset));
  v128.store(STEP, f32x4.splat(step));
}

// ---------------------------------------------------------------------------------------------
// Philox4x32-10 on blocks first .. first+7, rounds unrolled; results in WORDS.

@inline function mulHigh(product0: v128, product1: v128): v128 {
  return i32x4.shuffle(product0, product1, 1, 3, 5, 7);
}

@inline function mulLow(product0: v128, product1: v128): v128 {
  return i32x4.shuffle(product0, product1, 0, 2, 4, 6);
}

@inline function philoxGroup(first: u32): void {
  // Two sets of four blocks (first .. first+3 and first+4 .. first+7), interleaved round by round
  // so that the multiply latency of one set hides behind the other; results in WORDS[0..7].
  let x0 = i32x4.add(i32x4.splat(first), constant(LANE_INDEX));
  let y0 = i32x4.add(i32x4.splat(first + 4), constant(LANE_INDEX));
  let x1 = constant(COUNTER1);
  let y1 = x1;
  let x2 = constant(PATH0);
  let y2 = x2;
  let x3 = constant(PATH1);
  let y3 = x3;
  let a0: v128, a1: v128, a2: v128, a3: v128, b0: v128, b1: v128, b2: v128, b3: v128, key: v128;
  // round 0
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 0);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 16);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 1
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 32);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 48);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 2
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 64);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 80);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 3
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 96);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 112);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 4
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 128);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 144);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 5
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 160);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 176);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 6
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 192);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 208);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 7
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 224);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 240);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 8
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 256);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 272);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  // round 9
  a0 = i64x2.extmul_low_i32x4_u(x0, constant(MULTIPLIER0));
  a1 = i64x2.extmul_high_i32x4_u(x0, constant(MULTIPLIER0));
  a2 = i64x2.extmul_low_i32x4_u(x2, constant(MULTIPLIER1));
  a3 = i64x2.extmul_high_i32x4_u(x2, constant(MULTIPLIER1));
  b0 = i64x2.extmul_low_i32x4_u(y0, constant(MULTIPLIER0));
  b1 = i64x2.extmul_high_i32x4_u(y0, constant(MULTIPLIER0));
  b2 = i64x2.extmul_low_i32x4_u(y2, constant(MULTIPLIER1));
  b3 = i64x2.extmul_high_i32x4_u(y2, constant(MULTIPLIER1));
  key = v128.load(ROUND_KEYS, 288);
  x0 = v128.xor(v128.xor(mulHigh(a2, a3), x1), key);
  y0 = v128.xor(v128.xor(mulHigh(b2, b3), y1), key);
  key = v128.load(ROUND_KEYS, 304);
  x2 = v128.xor(v128.xor(mulHigh(a0, a1), x3), key);
  y2 = v128.xor(v128.xor(mulHigh(b0, b1), y3), key);
  x1 = mulLow(a2, a3);
  x3 = mulLow(a0, a1);
  y1 = mulLow(b2, b3);
  y3 = mulLow(b0, b1);
  v128.store(WORDS, x0);
  v128.store(WORDS, x1, 16);
  v128.store(WORDS, x2, 32);
  v128.store(WORDS, x3, 48);
  v128.store(WORDS, y0, 64);
  v128.store(WORDS, y1, 80);
  v128.store(WORDS, y2, 96);
  v128.store(WORDS, y3, 112);
}

/** Stores z0..z3 (word j of 4 blocks each) as 16 consecutive elements, block by block. */
@inline function storeTransposed(pointer: usize, z0: v128, z1: v128, z2: v128, z3: v128): void {
  const t0 = i32x4.shuffle(z0, z1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(z2, z3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(z0, z1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(z2, z3, 2, 6, 3, 7);
  v128.store(pointer, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(pointer, i64x2.shuffle(t0, t1, 1, 3), 16);
  v128.store(pointer, i64x2.shuffle(t2, t3, 0, 2), 32);
  v128.store(pointer, i64x2.shuffle(t2, t3, 1, 3), 48);
}

// ---------------------------------------------------------------------------------------------
// The chunk loop every distribution shares. `kind` is a constant at each call site, so once inlined
// the branch folds away and each export is the loop it would be written out by hand.

const UNIFORM: i32 = 0;
const NORMAL: i32 = 1;
const TRUNC_NORMAL: i32 = 2;

/** Transforms one set of 4 blocks (words at `words`) into 16 values of `kind` stored at `pointer`. */
@inline function transformSet(kind: i32, pointer: usize, words: usize): void {
  if (kind == UNIFORM) uniformSet(pointer, words);
  else if (kind == NORMAL) normalSet(pointer, words);
  else truncNormalSet(pointer, words);
}

/** Fills OUTPUT with `groups` sets of 4 blocks from block (blockHigh, blockLow) on, 8 blocks per iteration. */
@inline function generate(kind: i32, blockLow: u32, blockHigh: u32, groups: i32): void {
  v128.store(COUNTER1, i32x4.splat(blockHigh));
  let pointer = OUTPUT;
  for (let group = 0; group < groups; group += 2) {
    philoxGroup(blockLow + ((<u32>group) << 2));
    transformSet(kind, pointer, WORDS);
    transformSet(kind, pointer + 64, WORDS + 64);
    pointer += 128;
  }
}

// ---------------------------------------------------------------------------------------------
// Uniform.

/** u01(x) = (x >>> 8) · 2^-24, exact. */
@inline function u01(x: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(x, 8)), constant(TWO_POW_MINUS_24));
}

@inline function uniformLanes(x: v128, low: v128, width: v128): v128 {
  return f32x4.add(low, f32x4.mul(width, u01(x)));
}

/** U(low, low + width) on one set of 4 blocks (words at `words`), 16 values stored at `pointer`. */
@inline function uniformSet(pointer: usize, words: usize): void {
  const low = constant(LOW);
  const width = constant(WIDTH);
  storeTransposed(
    pointer,
    uniformLanes(v128.load(words), low, width),
    uniformLanes(v128.load(words, 16), low, width),
    uniformLanes(v128.load(words, 32), low, width),
    uniformLanes(v128.load(words, 48), low, width),
  );
}

/** U(low, low + width): f32(low + f32(width · u01(x))); low and width from setParameters. */
export function uniform(blockLow: u32, blockHigh: u32, groups: i32): void {
  generate(UNIFORM, blockLow, blockHigh, groups);
}

// ---------------------------------------------------------------------------------------------
// Logarithm.

@inline function polynomialStep(accumulator: v128, x: v128, coefficients: usize, index: usize): v128 {
  return f32x4.add(f32x4.mul(accumulator, x), v128.load(coefficients + (index << 4)));
}

/** Horner's rule for a degree-8 polynomial in x: 9 splatted coefficients at `coefficients`, highest first. */
@inline function polynomial8(x: v128, coefficients: usize): v128 {
  let y = constant(coefficients);
  y = polynomialStep(y, x, coefficients, 1);
  y = polynomialStep(y, x, coefficients, 2);
  y = polynomialStep(y, x, coefficients, 3);
  y = polynomialStep(y, x, coefficients, 4);
  y = polynomialStep(y, x, coefficients, 5);
  y = polynomialStep(y, x, coefficients, 6);
  y = polynomialStep(y, x, coefficients, 7);
  return polynomialStep(y, x, coefficients, 8);
}

/** Natural logarithm of positive normal float32 lanes (Cephes logf; about 1 ulp). */
@inline function logPositive(value: v128): v128 {
  let exponent = i32x4.sub(i32x4.shr_u(value, 23), constant(EXPONENT_BIAS));
  // Mantissa m in [0.5, 1); below √½ use 2m − 1 and exponent − 1, else m − 1.
  const mantissa = v128.or(v128.and(value, constant(MANTISSA_MASK)), constant(HALF_BITS));
  const small = f32x4.lt(mantissa, constant(SQRT_HALF));
  exponent = i32x4.add(exponent, small);
  const exponentFloat = f32x4.convert_i32x4_s(exponent);
  const x = f32x4.sub(f32x4.add(mantissa, v128.and(mantissa, small)), constant(ONE));
  const z = f32x4.mul(x, x);
  let y = f32x4.mul(f32x4.mul(polynomial8(x, LOG_P), x), z);
  y = f32x4.add(y, f32x4.mul(exponentFloat, constant(LN2_LOW)));
  y = f32x4.sub(y, f32x4.mul(z, constant(HALF)));
  return f32x4.add(f32x4.add(x, y), f32x4.mul(exponentFloat, constant(LN2_HIGH)));
}

/**
 * ln(uOpen(x)) to float32 accuracy. uOpen = (k + 0.5)·2^-24 with k = x >>> 8 needs 25 bits when
 * k ≥ 2^23, so the float32 value u is off by ±2^-25; ln(exact) = ln(u) + e·2^-24/u, where e is that
 * rounding error in units of 2^-24 (exact to compute). Without it, Box–Muller radii near u → 1
 * would be off by far more than float32 rounding.
 */
@inline function logOpenUnit(x: v128): v128 {
  const k = f32x4.convert_i32x4_s(i32x4.shr_u(x, 8));
  const shifted = f32x4.add(k, constant(HALF));
  const u = f32x4.mul(shifted, constant(TWO_POW_MINUS_24));
  // e = (k + 0.5) − fl(k + 0.5) ∈ {0, ±0.5}; k − fl(k + 0.5) is exact (Sterbenz).
  const error = f32x4.add(f32x4.sub(k, shifted), constant(HALF));
  // 1/u ≈ 2 − u on [0.5, 1), where e ≠ 0; that approximation's error is far below float32 rounding of ln.
  const correction = f32x4.mul(f32x4.mul(error, constant(TWO_POW_MINUS_24)), f32x4.sub(constant(TWO), u));
  return f32x4.add(logPositive(u), correction);
}

// ---------------------------------------------------------------------------------------------
// Normal (Box–Muller).

/**
 * sin(2πt) for t = u01(x), cos(2πt) left in COSINE. t is a multiple of 2^-24, so the quadrant split
 * is exact in integers: j = round(4t), r = t − j/4 ∈ [−1/8, 1/8], φ = 2πr ∈ [−π/4, π/4].
 */
@inline function sinCosTurns(x: v128): v128 {
  const k = i32x4.shr_u(x, 8);
  const quadrant = i32x4.shr_u(i32x4.add(k, constant(QUADRANT_ROUNDING)), 22);
  const remainder = i32x4.sub(k, i32x4.shl(quadrant, 22));
  const phi = f32x4.mul(f32x4.convert_i32x4_s(remainder), constant(TURN_TO_RADIANS));
  const phi2 = f32x4.mul(phi, phi);
  let sine = constant(SIN_P);
  sine = polynomialStep(sine, phi2, SIN_P, 1);
  sine = polynomialStep(sine, phi2, SIN_P, 2);
  sine = f32x4.add(f32x4.mul(f32x4.mul(sine, phi2), phi), phi);
  let cosine = constant(COS_P);
  cosine = polynomialStep(cosine, phi2, COS_P, 1);
  cosine = polynomialStep(cosine, phi2, COS_P, 2);
  cosine = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(cosine, phi2), phi2), f32x4.mul(phi2, constant(HALF))), constant(ONE));
  // Rotate by j quarter turns: odd j swaps sine and cosine; cos is negated for j ∈ {1, 2}, sin for j ∈ {2, 3}.
  const swap = i32x4.neg(v128.and(quadrant, constant(INT_ONE)));
  const cosineSign = i32x4.shl(v128.and(i32x4.add(quadrant, constant(INT_ONE)), constant(INT_TWO)), 30);
  const sineSign = i32x4.shl(v128.and(quadrant, constant(INT_TWO)), 30);
  v128.store(COSINE, v128.xor(v128.bitselect(sine, cosine, swap), cosineSign));
  return v128.xor(v128.bitselect(cosine, sine, swap), sineSign);
}

/** Box–Muller on one set of 4 blocks (words at `words`), 16 values stored at `pointer`. */
@inline function normalSet(pointer: usize, words: usize): void {
  const radius01 = f32x4.mul(f32x4.sqrt(f32x4.mul(constant(MINUS_TWO), logOpenUnit(v128.load(words)))), constant(STD));
  const sine1 = sinCosTurns(v128.load(words, 16));
  const z0 = f32x4.add(constant(MEAN), f32x4.mul(radius01, v128.load(COSINE)));
  const z1 = f32x4.add(constant(MEAN), f32x4.mul(radius01, sine1));
  const radius23 = f32x4.mul(f32x4.sqrt(f32x4.mul(constant(MINUS_TWO), logOpenUnit(v128.load(words, 32)))), constant(STD));
  const sine3 = sinCosTurns(v128.load(words, 48));
  const z2 = f32x4.add(constant(MEAN), f32x4.mul(radius23, v128.load(COSINE)));
  const z3 = f32x4.add(constant(MEAN), f32x4.mul(radius23, sine3));
  storeTransposed(pointer, z0, z1, z2, z3);
}

/** N(mean, std²) by Box–Muller on word pairs (0, 1) and (2, 3); mean and std from setParameters. */
export function normal(blockLow: u32, blockHigh: u32, groups: i32): void {
  generate(NORMAL, blockLow, blockHigh, groups);
}

// ---------------------------------------------------------------------------------------------
// Truncated normal (inverse CDF).

/**
 * |Φ⁻¹(t)| deep in the tail (t < 2.8e-8, |z| > 5.4), where Giles' fit extrapolates: start from the
 * asymptotic Φ(−m) ≈ φ(m)/m, i.e. m² = y − ln(2πy) with y = −2 ln t, then Newton steps on
 * ln Φ(−m) = ln t with ln Φ(−m) = −m²/2 − ln √(2π) + ln R(m), R the Mills ratio from its continued
 * fraction R(m) = 1/(m + 1/(m + 2/(m + ...))) (8 terms: 2e-9 relative for m ≥ 5.4), and
 * d ln Φ(−m)/dm = −1/R(m).
 */
@inline function farTailQuantileMagnitude(t: v128): v128 {
  const logT = logPositive(t);
  const y = f32x4.mul(logT, constant(MINUS_TWO));
  let m = f32x4.sqrt(f32x4.sub(y, logPositive(f32x4.mul(y, constant(TWO_PI)))));
  for (let step = 0; step < 3; step++) {
    let fraction = m;
    for (let n = 8; n >= 1; n--) fraction = f32x4.add(m, f32x4.div(f32x4.splat(<f32>n), fraction));
    const mills = f32x4.div(constant(ONE), fraction);
    const logCdf = f32x4.sub(f32x4.sub(logPositive(mills), f32x4.mul(f32x4.mul(m, m), constant(HALF))), constant(LOG_SQRT_2PI));
    // g(m) = ln Φ(−m) − ln t, g'(m) = −1/R  ⇒  m ← m + g·R.
    m = f32x4.add(m, f32x4.mul(f32x4.sub(logCdf, logT), mills));
  }
  return m;
}

/**
 * Φ⁻¹(t) ≤ 0 for t ∈ [2^-60, 0.5] from a table of cubics: the float32 bits of t, shifted right by
 * 19, index 16 segments per octave (945 in all), and the 19 bits below give the position v ∈
 * [−0.5, 0.5) inside the segment, where Φ⁻¹ is a cubic in v (Chebyshev interpolation, filled in by
 * the host from its float64 quantile: see src/random/quantile-table.ts). Error below 1e-6 absolute
 * and a few float32 ulps relative. One 16-byte row per lane, transposed into coefficient vectors.
 */
@inline function lowerQuantileFromTable(t: v128): v128 {
  const offsets = i32x4.shl(i32x4.sub(i32x4.shr_u(t, QUANTILE_SEGMENT_SHIFT), constant(QUANTILE_BASE_INDEX)), 4);
  const row0 = v128.load(QUANTILE_TABLE + <usize>i32x4.extract_lane(offsets, 0));
  const row1 = v128.load(QUANTILE_TABLE + <usize>i32x4.extract_lane(offsets, 1));
  const row2 = v128.load(QUANTILE_TABLE + <usize>i32x4.extract_lane(offsets, 2));
  const row3 = v128.load(QUANTILE_TABLE + <usize>i32x4.extract_lane(offsets, 3));
  const low01 = i32x4.shuffle(row0, row1, 0, 4, 1, 5);
  const low23 = i32x4.shuffle(row2, row3, 0, 4, 1, 5);
  const high01 = i32x4.shuffle(row0, row1, 2, 6, 3, 7);
  const high23 = i32x4.shuffle(row2, row3, 2, 6, 3, 7);
  const position = f32x4.mul(
    f32x4.convert_i32x4_s(i32x4.sub(v128.and(t, constant(QUANTILE_POSITION_MASK)), constant(QUANTILE_HALF_SEGMENT))),
    constant(QUANTILE_POSITION_SCALE),
  );
  let value = i64x2.shuffle(high01, high23, 1, 3);
  value = f32x4.add(f32x4.mul(value, position), i64x2.shuffle(high01, high23, 0, 2));
  value = f32x4.add(f32x4.mul(value, position), i64x2.shuffle(low01, low23, 1, 3));
  return f32x4.add(f32x4.mul(value, position), i64x2.shuffle(low01, low23, 0, 2));
}

/**
 * |Φ⁻¹(t)| for any t ∈ (0, 0.5] without the table: Giles' erfinv, |z| = √2·erfinv(1 − 2t) with
 * w = −ln(4t(1 − t)), its tail branch for w ≥ 5, and farTailQuantileMagnitude beyond w = 16. Used for lanes
 * below the table's range (t < 2^-60, |z| > 8.8).
 */
@inline function lowerQuantileMagnitude(t: v128): v128 {
  const w = f32x4.neg(logPositive(f32x4.mul(f32x4.mul(t, f32x4.sub(constant(ONE), t)), constant(FOUR))));
  const centralPoly = polynomial8(f32x4.sub(w, constant(ERFINV_CENTER)), ERFINV_CENTRAL);
  const tailPoly = polynomial8(f32x4.sub(f32x4.sqrt(w), constant(THREE)), ERFINV_TAIL);
  const poly = v128.bitselect(tailPoly, centralPoly, f32x4.ge(w, constant(ERFINV_TAIL_START)));
  const magnitude = f32x4.mul(f32x4.mul(poly, constant(SQRT_2)), f32x4.sub(constant(ONE), f32x4.add(t, t)));
  const farTail = f32x4.ge(w, constant(FAR_TAIL_START));
  return v128.any_true(farTail) ? v128.bitselect(farTailQuantileMagnitude(t), magnitude, farTail) : magnitude;
}

/**
 * One truncated-normal lane set: p = Φ(α) + width·u, q = (1 − Φ(β)) + width·(1 − u) (both sums of
 * positive terms, no cancellation), t = min(p, q),
 * z = Φ⁻¹(t) when t = p, −Φ⁻¹(t) otherwise, value = clamp(mean + std·z, low, high).
 */
@inline function truncNormalLanes(x: v128, lowerOffset: v128, upperOffset: v128, step: v128): v128 {
  // With k = x >>> 8: u = (k + 0.5)·2^-24 and 1 − u = (2^24 − k − 0.5)·2^-24, so
  // p = (Φ(α) + step/2) + step·k and q = ((1 − Φ(β)) − step/2) + step·(2^24 − k), step = width·2^-24.
  const k = i32x4.shr_u(x, 8);
  const p = f32x4.add(lowerOffset, f32x4.mul(step, f32x4.convert_i32x4_s(k)));
  const q = f32x4.add(upperOffset, f32x4.mul(step, f32x4.convert_i32x4_s(i32x4.sub(constant(TWO_POW_24_INT), k))));
  const fromP = f32x4.le(p, q);
  const t = v128.bitselect(p, q, fromP);
  let z: v128;
  if (i32x4.all_true(f32x4.ge(t, constant(QUANTILE_LOWEST)))) {
    // Φ⁻¹(t) ≤ 0 from the table; flip the sign when t came from q (the upper side).
    z = v128.xor(lowerQuantileFromTable(t), v128.andnot(constant(SIGN_BIT), fromP));
  } else {
    z = v128.xor(lowerQuantileMagnitude(t), v128.and(fromP, constant(SIGN_BIT)));
  }
  const value = f32x4.add(constant(MEAN), f32x4.mul(constant(STD), z));
  return f32x4.pmin(f32x4.pmax(value, constant(LOW)), constant(HIGH));
}

/** The truncated normal on one set of 4 blocks (words at `words`), 16 values stored at `pointer`. */
@inline function truncNormalSet(pointer: usize, words: usize): void {
  const lowerOffset = constant(LOWER_OFFSET);
  const upperOffset = constant(UPPER_OFFSET);
  const step = constant(STEP);
  const z0 = truncNormalLanes(v128.load(words), lowerOffset, upperOffset, step);
  const z1 = truncNormalLanes(v128.load(words, 16), lowerOffset, upperOffset, step);
  const z2 = truncNormalLanes(v128.load(words, 32), lowerOffset, upperOffset, step);
  const z3 = truncNormalLanes(v128.load(words, 48), lowerOffset, upperOffset, step);
  storeTransposed(pointer, z0, z1, z2, z3);
}

/** Truncated normal by the inverse CDF; constants from setParameters. */
export function truncNormal(blockLow: u32, blockHigh: u32, groups: i32): void {
  generate(TRUNC_NORMAL, blockLow, blockHigh, groups);
}
