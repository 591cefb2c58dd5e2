/**
 * The standard normal CDF Φ(x), accurate to about 1e-15 absolute everywhere.
 *
 * Marsaglia, "Evaluating the Normal Distribution", J. Stat. Software 11(4), 2004: the Taylor series
 * of Φ(x) − 1/2 = φ(x)·(x + x³/3 + x⁵/15 + ...) has terms of one sign, so it does not cancel.
 * Beyond |x| = 8.3 the tail is below 1e-16 and the CDF is returned as exactly 0 or 1.
 * @example
 * standardNormalCdf(1.959963984540054); // ≈ 0.975
 */
export function standardNormalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < -8.3) return 0;
  if (x > 8.3) return 1;
  const square = x * x;
  let sum = x;
  let previous = 0;
  let term = x;
  for (let index = 1; sum !== previous; ) {
    previous = sum;
    index += 2;
    term *= square / index;
    sum += term;
  }
  // 0.9189385332046727 = ln(sqrt(2π))
  return 0.5 + sum * Math.exp(-0.5 * square - 0.9189385332046727);
}

/**
 * The standard normal density φ(x) = exp(−x²/2) / √(2π).
 * @example
 * standardNormalDensity(0); // 0.3989422804014327
 */
export function standardNormalDensity(x: number): number {
  return Math.exp(-0.5 * x * x - 0.9189385332046727);
}
