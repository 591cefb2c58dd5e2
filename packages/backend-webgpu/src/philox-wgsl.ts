import { GILES_CENTRAL_COEFFICIENTS, GILES_TAIL_COEFFICIENTS, PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1 } from "@initlib/initializers/internal";

// The generator's constants come from @initlib/initializers, so the shader cannot drift from the host.
function wgslU32(value: number): string {
  return `0x${value.toString(16).toUpperCase()}u`;
}

// Horner's rule, highest degree first, one statement a coefficient (the host evaluates the same).
function wgslPolynomial(result: string, variable: string, coefficients: readonly number[]): string {
  const [leading, ...rest] = coefficients;
  const steps = rest.map((coefficient) => `${result} = ${coefficient}f + ${result} * ${variable};`);
  return [`${result} = ${leading}f;`, ...steps].join("\n    ");
}

/**
 * WGSL building blocks of initlib-philox/1 (`docs/rng.md`). WGSL has no 64-bit integers, so the
 * high half of each 32×32-bit product is assembled from 16-bit limbs; key and path words arrive
 * as uniforms computed on the host.
 */
export const PHILOX_WGSL = /* wgsl */ `
// mulhilo32(a, b) = (high word, low word) of the 64-bit product, from 16-bit limbs (schoolbook,
// carrying through the middle partial products; no intermediate exceeds 2^32 − 1).
fn initlibMulHiLo(a : u32, b : u32) -> vec2<u32> {
  let aLow = a & 0xffffu;
  let aHigh = a >> 16u;
  let bLow = b & 0xffffu;
  let bHigh = b >> 16u;
  let cross = aHigh * bLow + ((aLow * bLow) >> 16u);
  let middle = aLow * bHigh + (cross & 0xffffu);
  let high = aHigh * bHigh + (cross >> 16u) + (middle >> 16u);
  return vec2<u32>(high, a * b);
}

// Philox4x32-10 exactly as in Random123.
fn initlibPhilox(counterIn : vec4<u32>, keyIn : vec2<u32>) -> vec4<u32> {
  var counter = counterIn;
  var key = keyIn;
  for (var round = 0u; round < 10u; round = round + 1u) {
    let product0 = initlibMulHiLo(${wgslU32(PHILOX_M0)}, counter.x);
    let product1 = initlibMulHiLo(${wgslU32(PHILOX_M1)}, counter.z);
    counter = vec4<u32>(
      product1.x ^ counter.y ^ key.x,
      product1.y,
      product0.x ^ counter.w ^ key.y,
      product0.y);
    key = key + vec2<u32>(${wgslU32(PHILOX_W0)}, ${wgslU32(PHILOX_W1)});
  }
  return counter;
}

// u01(x) = (x >> 8) * 2^-24 in [0, 1): exact in float32.
fn initlibUnit(x : u32) -> f32 {
  return f32(x >> 8u) * 0x1p-24f;
}

// uOpen(x) = ((x >> 8) + 0.5) * 2^-24 in (0, 1); exact in float32 below 1/2 (above, use the
// complement: 1 - uOpen(x) = uOpen(~x), which is exact there).
fn initlibUnitOpen(x : u32) -> f32 {
  return (f32(x >> 8u) + 0.5f) * 0x1p-24f;
}

// Natural logarithm of a positive normal float32: Cephes' logf (about 1 ulp). WGSL's log is only
// bounded to an absolute 2^-21 near 1 and differs between drivers, so initlib carries its own.
fn initlibLog(value : f32) -> f32 {
  let bits = bitcast<u32>(value);
  var exponent = f32(i32((bits >> 23u) & 0xffu) - 126);
  var x = bitcast<f32>((bits & 0x7fffffu) | 0x3f000000u);
  if (x < 0.70710678f) {
    exponent = exponent - 1.0f;
    x = x + x - 1.0f;
  } else {
    x = x - 1.0f;
  }
  let z = x * x;
  var y = 7.0376836292e-2f;
  y = y * x - 1.1514610310e-1f;
  y = y * x + 1.1676998740e-1f;
  y = y * x - 1.2420140846e-1f;
  y = y * x + 1.4249322787e-1f;
  y = y * x - 1.6668057665e-1f;
  y = y * x + 2.0000714765e-1f;
  y = y * x - 2.4999993993e-1f;
  y = y * x + 3.3333331174e-1f;
  y = y * x * z;
  y = y - 2.12194440e-4f * exponent;
  y = y - 0.5f * z;
  return x + y + 0.693359375f * exponent;
}

// -ln(uOpen(x)), accurate to float32 rounding over the whole range, including uOpen close to 1
// where uOpen itself is not representable. Below 1/2, uOpen is exact. Above, uOpen = u01 + 2^-25
// with u01 exact, and ln(u01 + 2^-25) = ln(u01) + 2^-25/u01 to 2^-49. initlibLog works on u01 - 1
// exactly, like log1p, so nothing is lost near 1. Built from the integer alone (no 1 - (1 - v)
// tricks a compiler may fold) and branch-free: SIMD lanes of a software device run both sides of a branch.
fn initlibMinusLogUnitOpen(x : u32) -> f32 {
  let upperHalf = (x >> 8u) >= 0x800000u;
  let high = select(initlibUnitOpen(x), initlibUnit(x), upperHalf);
  let low = select(0.0f, 0x1p-25f, upperHalf);
  return -(initlibLog(high) + low / high);
}

// sin and cos of x in [0, π/4]: Cephes' sinf/cosf minimax polynomials (about 1 ulp).
fn initlibSinCosReduced(x : f32) -> vec2<f32> {
  let z = x * x;
  let sine = x + x * z * ((-1.9515295891e-4f * z + 8.3321608736e-3f) * z - 1.6666654611e-1f);
  let cosine = 1.0f - 0.5f * z + z * z * ((2.443315711809948e-5f * z - 1.388731625493765e-3f) * z + 4.166664568298827e-2f);
  return vec2<f32>(sine, cosine);
}

// (cos θ, sin θ) for θ = 2π u01(x). WGSL only bounds its sin/cos to an absolute 2^-11 and drivers
// differ, so the angle is reduced exactly from the 24-bit integer instead: quadrant from the top two
// bits, then a fraction t of a quarter turn, folded to [0, π/4] where the polynomials are accurate.
fn initlibCosSinTurn(x : u32) -> vec2<f32> {
  let bits = x >> 8u;
  let quadrant = bits >> 22u;
  let t = f32(bits & 0x3fffffu) * 0x1p-22f;
  let folded = t > 0.5f;
  let sc = initlibSinCosReduced(select(t, 1.0f - t, folded) * 1.57079632679f);
  // Within the quarter turn: (sin, cos) of t·π/2, swapped when folded.
  let sine = select(sc.x, sc.y, folded);
  let cosine = select(sc.y, sc.x, folded);
  // Rotate by the quadrant: (cos, sin) → (−sin, cos) → (−cos, −sin) → (sin, −cos).
  let rotated = select(vec2<f32>(cosine, sine), vec2<f32>(-sine, cosine), (quadrant & 1u) == 1u);
  return select(rotated, -rotated, quadrant >= 2u);
}

// Box–Muller on one word pair: (r cos θ, r sin θ) with r = sqrt(-2 ln uOpen(a)), θ = 2π u01(b).
fn initlibBoxMuller(a : u32, b : u32) -> vec2<f32> {
  let radius = sqrt(2.0f * initlibMinusLogUnitOpen(a));
  return radius * initlibCosSinTurn(b);
}

// Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single precision, written
// in terms of p and q = 1 - p so that (1 - x)(1 + x) = 4pq keeps its precision in both tails.
// Returns Φ⁻¹(p) = sqrt(2) erfinv(2p - 1).
fn initlibNormalQuantile(p : f32, q : f32) -> f32 {
  let x = p - q;
  var w = -initlibLog(4.0f * p * q);
  var poly : f32;
  if (w < 5.0f) {
    w = w - 2.5f;
    ${wgslPolynomial("poly", "w", GILES_CENTRAL_COEFFICIENTS)}
  } else {
    w = sqrt(w) - 3.0f;
    ${wgslPolynomial("poly", "w", GILES_TAIL_COEFFICIENTS)}
  }
  return 1.41421356f * poly * x;
}
`;
