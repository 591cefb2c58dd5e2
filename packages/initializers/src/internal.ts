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

// Building blocks the packages share and tests use; not part of the stable API.
export {
  resolveRandomEngine,
  complementaryErrorFunction,
  errorFunction,
  standardNormalCdf,
  standardNormalDensity,
  standardNormalIntervalProbability,
  standardNormalQuantile,
} from "./random/index";
export type { RandomEngine } from "./random/index";
export { elementCountOfShape } from "./host-backend";
export { FEWER_THAN_TWO_DIMENSIONS_MESSAGE } from "./math/compute-fans";
export { DISTRIBUTIONS, xavierRule } from "./rules/xavier-rule";
export { KAIMING_MODES, kaimingRule, ZERO_ELEMENT_WARNING } from "./rules/kaiming-rule";
export type { KaimingRuleOptions } from "./rules/kaiming-rule";
export { TRUNC_NORMAL_BOUNDS, TRUNC_NORMAL_FAR_MEAN_WARNING, truncNormalRule } from "./rules/trunc-normal-rule";
export type { TruncNormalBounds, TruncNormalPlan } from "./rules/trunc-normal-rule";
export { nonFiniteReason } from "./rules/float32-range";
export { ArgumentReader } from "./arguments/argument-reader";
export { CONSTANT_ARGUMENTS } from "./initializers/constant";
export { XAVIER_ARGUMENTS } from "./initializers/xavier";
export { NORMAL_ARGUMENTS } from "./initializers/normal";
export { TRUNC_NORMAL_ARGUMENTS } from "./initializers/trunc-normal";
export { UNIFORM_ARGUMENTS } from "./initializers/uniform";
export { KAIMING_ARGUMENTS } from "./initializers/kaiming";
export type { FixedKaimingArguments } from "./initializers/kaiming";
export { CAFFE2_XAVIER_ARGUMENTS, CAFFE2_XAVIER_FIXED } from "./initializers/caffe2-xavier";
export {
  defaultLayout,
  layoutPermutation,
  mismatchWarning,
  SharedCheckpoint,
  stateDictKeys,
  torchLayoutOf,
  torchSize,
  transposeAxes,
} from "./pretrained/index";
export { householderOrthogonal } from "./math/householder-orthogonal";
export { ORTHOGONAL_ARGUMENTS } from "./initializers/orthogonal";
export { DIRAC_ARGUMENTS, diracValues } from "./initializers/dirac";
export { EYE_ARGUMENTS } from "./initializers/eye";
export { SPARSE_ARGUMENTS } from "./initializers/sparse";
export { sparseValues } from "./initializers/sparse-values";
export { ZEROS_ARGUMENTS } from "./initializers/zeros";
export { ONES_ARGUMENTS } from "./initializers/ones";
export {
  TRUNCATED_NORMAL_STD_CORRECTION,
  VARIANCE_SCALING_ARGUMENTS,
  VARIANCE_SCALING_DISTRIBUTIONS,
  VARIANCE_SCALING_MODES,
  varianceScalingRule,
} from "./initializers/variance-scaling";
export type { VarianceScalingSettings } from "./initializers/variance-scaling";
export { VARIANCE_SCALING_PRESETS } from "./initializers/variance-scaling-presets";
export { TRUNC_NORMAL_TF_ARGUMENTS } from "./initializers/trunc-normal-tf";
export { hostValuesRule, torchView } from "./initializers/host-values";
export type { TorchView } from "./initializers/host-values";
export { initializerDeclaration, initializerDefaults, initializerEntryJsonSchema } from "./weight-initializers/initializer-json-schema";
export { compileNamePattern } from "./initializers/depth/name-pattern";
export type { NamePattern } from "./initializers/depth/name-pattern";
export { namePatternMatches } from "./initializers/depth/name-pattern-match";
// Dotted-name patterns: the one glob grammar (core's `params`, the depth-aware initializers' module
// names) and the linear-time automaton that matches globs and core's `re:` expressions.
export { DOTTED_NAME_GLOB_GRAMMAR, globToRegexSource, MAX_NAME_PATTERN_LENGTH } from "./patterns/dotted-name-glob";
export { RegexSyntaxError } from "./patterns/regex-syntax-error";
export { AutomatonTooLargeError, ThompsonAutomaton } from "./patterns/thompson-nfa";
export type { AutomatonRun } from "./patterns/thompson-nfa";
export { weightLayers } from "./initializers/depth/structured-plan";
export { GPT2_SCALED_RESIDUAL_ARGUMENTS } from "./initializers/depth/gpt2-scaled-residual";
export { DEEPNET_ARCHITECTURES } from "./initializers/depth/deepnet-constants";
export { DEEPNET_ARGUMENTS } from "./initializers/depth/deepnet";
export { FIXUP_ARGUMENTS } from "./initializers/depth/fixup";
export { T_FIXUP_ARCHITECTURES, T_FIXUP_ARGUMENTS } from "./initializers/depth/t-fixup";
export { ZERO_HADAMARD_ARGUMENTS, zerOMatrix } from "./initializers/depth/zero-hadamard";
export { maximalUpdateStd } from "./initializers/depth/maximal-update";
// Parallel host generation: the pool and the range splitting that host backends and benches drive.
export { allocateForThreads, generateInParallel, GeneratorPool, MIN_ELEMENTS_PER_THREAD } from "./parallel/index";
export type { ParallelGenerateOptions } from "./parallel/index";
