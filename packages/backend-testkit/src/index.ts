export { BACKEND_CONFORMANCE_CHECKS } from "./conformance-checks";
export { ConformanceFailure } from "./conformance-check";
export type { ConformanceCheck, ConformanceContext, ResolvedConformanceOptions } from "./conformance-check";
export type { BackendConformanceOptions } from "./conformance-options";
export { runBackendConformance, runConformanceCheck, selectConformanceChecks } from "./run-backend-conformance";
export type { ConformanceReport, ConformanceResult, CreateBackend } from "./run-backend-conformance";
export { distributionOf } from "./statistics/distributions";
export type { RandomRule, RuleDistribution } from "./statistics/distributions";
export { compareMoments } from "./statistics/compare-moments";
// The statistics themselves live in @initlib/initializers; re-exported so kit users need one import.
export { kolmogorovSmirnovTest, sampleMoments, standardNormalCdf, standardNormalDensity } from "@initlib/initializers/testing";
export type { KolmogorovSmirnovResult, SampleMoments } from "@initlib/initializers/testing";
