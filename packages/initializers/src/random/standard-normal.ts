// Float64 standard-normal CDF and quantile, accurate to ~1e-15 relative in both tails. Used once per
// parameter (truncation probabilities) and by the pure-JS reference generator.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

// erf(y) for 0 <= y < 3: erf(y) = 2/√π · e^{-y²} · Σ_n 2^n y^{2n+1} / (1·3···(2n+1)) (Abramowitz &
// Stegun 7.1.6). Every term is positive, so the sum has no cancellation and is accurate relative
// to erf(y) even for tiny y.
function erfSeries(y: number): number {
  const y2 = 2 * y * y;
  let term = y;
  let sum = y;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= y2 / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-y * y) * sum;
}

// erfc(y) for y >= 2.5 by its continued fraction (A&S 7.1.14), evaluated with Lentz's method.
function erfcContinuedFraction(y: number): number {
  const tiny = 1e-300;
  let f = y;
  let c = y;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = y + a * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = y + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-y * y) / SQRT_PI / f;
}

/**
 * The complementary error function `erfc(y) = 1 − erf(y)`, accurate relative to its value for
 * every y (the far right tail included, down to float64 underflow).
 * @example
 * complementaryErrorFunction(0); // 1
 */
export function complementaryErrorFunction(y: number): number {
  if (Number.isNaN(y)) return Number.NaN;
  if (y < 0) return 2 - complementaryErrorFunction(-y);
  if (y < 2.5) return 1 - erfSeries(y);
  if (y > 27.3) return 0;
  return erfcContinuedFraction(y);
}

/**
 * The error function, accurate relative to its value (also for tiny arguments).
 * @example
 * errorFunction(1); // 0.8427007929497149
 */
export function errorFunction(y: number): number {
  if (Number.isNaN(y)) return Number.NaN;
  if (y < 0) return -errorFunction(-y);
  if (y < 2.5) return erfSeries(y);
  return 1 - complementaryErrorFunction(y);
}

/**
 * Φ, the standard normal CDF, accurate relative to its value in the left tail and to 1e-16 absolute
 * elsewhere: `Φ(x) = erfc(−x/√2) / 2`.
 * @example
 * standardNormalCdf(-2); // 0.022750131948179195
 */
export function standardNormalCdf(x: number): number {
  return 0.5 * complementaryErrorFunction(-x / SQRT_2);
}

/**
 * φ, the standard normal density `exp(−x²/2) / √(2π)`.
 * @example
 * standardNormalDensity(0); // 0.3989422804014327
 */
export function standardNormalDensity(x: number): number {
  return Math.exp((-x * x) / 2) / SQRT_2PI;
}

/**
 * Probability mass of the standard normal on [α, β] (α ≤ β), computed without cancellation:
 * from the tail on the side the interval lies, or from `erf` when it straddles 0.
 * @example
 * standardNormalIntervalProbability(-2, 2); // 0.9544997361036416
 */
export function standardNormalIntervalProbability(alpha: number, beta: number): number {
  if (alpha >= 0) return standardNormalCdf(-alpha) - standardNormalCdf(-beta);
  if (beta <= 0) return standardNormalCdf(beta) - standardNormalCdf(alpha);
  return 0.5 * (errorFunction(beta / SQRT_2) + errorFunction(-alpha / SQRT_2));
}

/**
 * Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single-precision branch:
 * erfinv(x) = x · P(w − 2.5) with w = −ln((1 − x)(1 + x)) < 5, highest degree first. Every
 * implementation of the generator (JavaScript, WebAssembly, WGSL) evaluates these.
 * @example
 * GILES_CENTRAL_COEFFICIENTS.at(-1); // 1.50140941
 */
export const GILES_CENTRAL_COEFFICIENTS: readonly number[] = Object.freeze([
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727,
  1.50140941,
]);

/**
 * The other branch of Giles' erfinv: erfinv(x) = x · P(√w − 3) for w ≥ 5, highest degree first.
 * @example
 * GILES_TAIL_COEFFICIENTS.at(-1); // 2.83297682
 */
export const GILES_TAIL_COEFFICIENTS: readonly number[] = Object.freeze([
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
  2.83297682,
]);

// Unboxed copies for the evaluation below (a frozen array holds its numbers boxed).
const CENTRAL = Float64Array.from(GILES_CENTRAL_COEFFICIENTS);
const TAIL = Float64Array.from(GILES_TAIL_COEFFICIENTS);

// Horner's rule for the degree-8 polynomials, highest degree first, written out (a loop costs
// the pure-JS truncated normal a few percent).
function polynomial(c: Float64Array, w: number): number {
  return c[8]! + w * (c[7]! + w * (c[6]! + w * (c[5]! + w * (c[4]! + w * (c[3]! + w * (c[2]! + w * (c[1]! + w * c[0]!)))))));
}

/**
 * Φ⁻¹(t) for a lower-tail probability `t ∈ (0, 0.5]` with Giles' single-precision erfinv
 * polynomial (about 3e-7 relative error): the starting point of {@link standardNormalQuantile} and
 * the formula the WebAssembly generator evaluates in float32. Written for t: x = 1 − 2t and
 * (1 − x)(1 + x) = 4t(1 − t), so no precision is lost for tiny t.
 * @example
 * gilesLowerQuantile(0.5); // 0
 */
export function gilesLowerQuantile(t: number): number {
  const w = -Math.log(4 * t * (1 - t));
  const p = w < 5 ? polynomial(CENTRAL, w - 2.5) : polynomial(TAIL, Math.sqrt(w) - 3);
  return -SQRT_2 * p * (1 - 2 * t);
}

/**
 * Φ⁻¹(t) for a lower-tail probability `t ∈ (0, 0.5]`, to float64 accuracy: Giles' approximation
 * refined by Halley steps on the accurate CDF (one inside Giles' range). Returns a value ≤ 0 (−∞ for t = 0).
 * @example
 * standardNormalLowerQuantile(0.022750131948179195); // -2 (to 1e-15)
 */
export function standardNormalLowerQuantile(t: number): number {
  if (t <= 0) return Number.NEGATIVE_INFINITY;
  if (t >= 0.5) return 0;
  if (t < 1e-7) return farTailQuantile(t);
  let z = gilesLowerQuantile(t);
  // Halley's method on Φ(z) − t = 0: u = (Φ(z) − t)/φ(z), z ← z − u / (1 + z·u/2).
  for (let step = 0; step < 3; step++) {
    const u = (standardNormalCdf(z) - t) * SQRT_2PI * Math.exp((z * z) / 2);
    z -= u / (1 + (z * u) / 2);
    if (Math.abs(u) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}

// Beyond Giles' range: start from the asymptotic Φ(z) ≈ φ(z)/|z|, i.e. z² = −2 ln t − ln(2π z²),
// then Newton's method on ln Φ(z) = ln t, which stays well-conditioned however small t is.
function farTailQuantile(t: number): number {
  const logT = Math.log(t);
  let z2 = -2 * logT;
  for (let i = 0; i < 4; i++) z2 = -2 * logT - Math.log(2 * Math.PI * z2);
  let z = -Math.sqrt(z2);
  for (let step = 0; step < 20; step++) {
    const cdf = standardNormalCdf(z);
    if (cdf <= 0) break;
    const density = standardNormalDensity(z);
    const delta = ((Math.log(cdf) - logT) * cdf) / density;
    z -= delta;
    if (Math.abs(delta) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}

/**
 * Φ⁻¹(p), the standard normal quantile, to float64 accuracy for `p ∈ [0, 1]`.
 * @example
 * standardNormalQuantile(0.975); // 1.959963984540054
 */
export function standardNormalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  return p <= 0.5 ? standardNormalLowerQuantile(p) : -standardNormalLowerQuantile(1 - p);
}
