/** Result of a one-sample Kolmogorov–Smirnov test. */
export interface KolmogorovSmirnovResult {
  /** D = sup |F_n(x) − F(x)|. */
  readonly statistic: number;
  /** The value D must not exceed at the chosen significance level. */
  readonly critical: number;
  readonly passed: boolean;
}

/**
 * Critical coefficients c(α) of the asymptotic Kolmogorov distribution: reject when D·√n > c(α).
 * Source: Smirnov's limit distribution, P(√n·D > c) = 2 Σ (−1)^(k−1) exp(−2k²c²).
 */
const CRITICAL_COEFFICIENTS: Readonly<Record<string, number>> = { "0.05": 1.3581, "0.01": 1.6276, "0.001": 1.9495 };

/**
 * One-sample Kolmogorov–Smirnov test of `samples` against the exact continuous CDF `cdf`.
 * `samples` is sorted in a copy; the input is left as it is.
 * @default significance 0.001
 * @example
 * const result = kolmogorovSmirnovTest(values, (x) => standardNormalCdf(x));
 * if (!result.passed) throw new Error(`D = ${result.statistic}`);
 */
export function kolmogorovSmirnovTest(
  samples: ArrayLike<number>,
  cdf: (x: number) => number,
  significance: 0.05 | 0.01 | 0.001 = 0.001,
): KolmogorovSmirnovResult {
  const count = samples.length;
  if (count === 0) throw new RangeError("kolmogorovSmirnovTest needs at least one sample");
  const sorted = Float64Array.from(samples).sort();
  let statistic = 0;
  for (let index = 0; index < count; index += 1) {
    const probability = cdf(sorted[index]!);
    const below = probability - index / count;
    const above = (index + 1) / count - probability;
    if (below > statistic) statistic = below;
    if (above > statistic) statistic = above;
  }
  const critical = CRITICAL_COEFFICIENTS[String(significance)]! / Math.sqrt(count);
  return { statistic, critical, passed: statistic <= critical };
}
