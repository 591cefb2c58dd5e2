// `@initlib/initializers/internal`: the building blocks of the generator (docs/rng.md) for the
// device backends that reimplement it (WGSL interpolates the Philox constants and Giles'
// coefficients) and for tests. Not part of the stable API: names here may change in any release.
export {
  fnv1a64,
  GILES_CENTRAL_COEFFICIENTS,
  GILES_TAIL_COEFFICIENTS,
  gilesLowerQuantile,
  loadWebAssemblyGenerator,
  philox4x32x10,
  philoxBlockInto,
  PHILOX_M0,
  PHILOX_M1,
  PHILOX_W0,
  PHILOX_W1,
  prepareRule,
  randomKeyWords,
  standardNormalLowerQuantile,
  truncNormalBoundsFromStdUnits,
} from "./random/index";
export type { PreparedRule, RandomKeyWords, StdUnitsTruncNormal } from "./random/index";
// The framework's side of a backend run (Backend.beginRun): what initWeights and the conformance kit drive.
export { startBackendRun } from "./backend-run";
export type { StartedBackendRun } from "./backend-run";
// Parallel host generation: the pool and the range splitting that host backends and benches drive.
export { allocateForThreads, generateInParallel, GeneratorPool, MIN_ELEMENTS_PER_THREAD } from "./parallel/index";
export type { ParallelGenerateOptions } from "./parallel/index";
