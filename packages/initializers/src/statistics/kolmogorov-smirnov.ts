/** Significance levels {@link kolmogorovSmirnovCritical} knows the critical value of. */
export type KolmogorovSmirnovSignificance = 0.05 | 0.01 | 0.001;

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
const CRITICAL_COEFFICIENTS: Readonly<Record<KolmogorovSmirnovSignificance, number>> = { 0.05: 1.3581, 0.01: 1.6276, 0.001: 1.9495 };

/**
 * The Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of `values` against the exact continuous
 * CDF `cdf`. `values` is sorted in a copy; the input is left as it is.
 * @example
 * kolmogorovSmirnovStatistic(values, (x) => x); // against U(0, 1)
 */
export function kolmogorovSmirnovStatistic(values: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let statistic = 0;
  for (let index = 0; index < count; index += 1) {
    const probability = cdf(sorted[index]!);
    const below = probability - index / count;
    const above = (index + 1) / count - probability;
    if (below > statistic) statistic = below;
    if (above > statistic) statistic = above;
  }
  return statistic;
}

/**
 * The value the statistic of `count` samples exceeds with probability `significance` (asymptotic,
 * c(α)/√n).
 * @default significance 0.001
 * @example
 * kolmogorovSmirnovCritical(1_000_000, 0.01); // 0.0016276
 */
export function kolmogorovSmirnovCritical(count: number, significance: KolmogorovSmirnovSignificance = 0.001): number {
  return CRITICAL_COEFFICIENTS[significance] / Math.sqrt(count);
}

/**
 * One-sample Kolmogorov–Smirnov test of `samples` against the exact continuous CDF `cdf`.
 * @default significance 0.001
 * @example
 * const result = kolmogorovSmirnovTest(values, (x) => standardNormalCdf(x));
 * if (!result.passed) throw new Error(`D = ${result.statistic}`);
 */
export function kolmogorovSmirnovTest(
  samples: ArrayLike<number>,
  cdf: (x: number) => number,
  significance: KolmogorovSmirnovSignificance = 0.001,
): KolmogorovSmirnovResult {
  if (samples.length === 0) throw new RangeError("kolmogorovSmirnovTest needs at least one sample");
  const statistic = kolmogorovSmirnovStatistic(samples, cdf);
  const critical = kolmogorovSmirnovCritical(samples.length, significance);
  return { statistic, critical, passed: statistic <= critical };
}
