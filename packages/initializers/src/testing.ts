// `@initlib/initializers/testing`: statistics for testing random initializers and backends:
// sample moments, Kolmogorov–Smirnov against an exact CDF, truncated-normal moments; and the coded
// error an action throws or a promise rejects with.
export { sampleMoments } from "./statistics/sample-moments";
export type { SampleMoments } from "./statistics/sample-moments";
export { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic, kolmogorovSmirnovTest } from "./statistics/kolmogorov-smirnov";
export type { KolmogorovSmirnovResult, KolmogorovSmirnovSignificance } from "./statistics/kolmogorov-smirnov";
export { truncatedNormalMoments } from "./statistics/truncated-normal-moments";
// The exact distributions those tests compare against (float64).
export { standardNormalCdf, standardNormalDensity, standardNormalIntervalProbability, standardNormalQuantile } from "./random/index";
export { errorOf, rejectionOf } from "./error-of";
