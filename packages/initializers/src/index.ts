// Contracts shared with the module tree and the backends.
export { BACKEND_SPEC_VERSION } from "./backend";
export type { Backend, SampleRequest } from "./backend";
export type { FillRule } from "./fill-rule";
export type { RandomKey } from "./random-key";
export type { Layout, ParamLike, WritableParam } from "./param-like";
export type { InitTarget, ModuleLike, StateEntry } from "./module-like";
export type { InitializerPlan, LoadReport, PlannedWrite, WeightInitializer } from "./weight-initializer";

// Random numbers (docs/rng.md), the host backend and the one place that executes rules.
export {
  complementaryErrorFunction,
  errorFunction,
  fnv1a64,
  generateRuleValues,
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
  resolveRandomEngine,
  standardNormalCdf,
  standardNormalDensity,
  standardNormalIntervalProbability,
  standardNormalLowerQuantile,
  standardNormalQuantile,
  truncNormalBoundsFromStdUnits,
  webAssemblyGeneratorAvailable,
} from "./random/index";
export type {
  GeneratedRule,
  GenerateRuleValuesOptions,
  PreparedRule,
  RandomEngine,
  RandomKeyWords,
  StdUnitsTruncNormal,
} from "./random/index";
export { createHostBackend, elementCountOfShape } from "./host-backend";
export type { HostBackend, HostBackendOptions } from "./host-backend";
export { writeRule } from "./write-rule";
export type { WriteRuleOptions } from "./write-rule";
export { createHostParam } from "./host-param";
export type { HostParam, HostParamOptions } from "./host-param";

// Statistics for testing generators: sample moments, Kolmogorov–Smirnov, truncated-normal moments.
export { sampleMoments } from "./statistics/sample-moments";
export type { SampleMoments } from "./statistics/sample-moments";
export { kolmogorovSmirnovCritical, kolmogorovSmirnovStatistic, kolmogorovSmirnovTest } from "./statistics/kolmogorov-smirnov";
export type { KolmogorovSmirnovResult, KolmogorovSmirnovSignificance } from "./statistics/kolmogorov-smirnov";
export { truncatedNormalMoments } from "./statistics/truncated-normal-moments";

// Math.
export { calculateGain, NONLINEARITIES } from "./math/calculate-gain";
export type { Nonlinearity } from "./math/calculate-gain";
export { computeFans, FEWER_THAN_TWO_DIMENSIONS_MESSAGE } from "./math/compute-fans";
export type { Fans } from "./math/compute-fans";
export { biasInitWithProb } from "./math/bias-init-with-prob";
export { formatPythonValue } from "./math/format-python-value";

// Rules the initializers compute.
export { DISTRIBUTIONS, xavierRule } from "./rules/xavier-rule";
export type { Distribution } from "./rules/xavier-rule";
export { KAIMING_MODES, kaimingRule, ZERO_ELEMENT_WARNING } from "./rules/kaiming-rule";
export type { KaimingMode, KaimingRuleOptions } from "./rules/kaiming-rule";
export { TRUNC_NORMAL_BOUNDS, TRUNC_NORMAL_FAR_MEAN_WARNING, truncNormalRule } from "./rules/trunc-normal-rule";
export type { TruncNormalBounds, TruncNormalPlan } from "./rules/trunc-normal-rule";
export { nonFiniteReason } from "./rules/float32-range";

// Module-level init functions.
export { constantInit } from "./functions/constant-init";
export type { ConstantInitOptions } from "./functions/constant-init";
export { xavierInit } from "./functions/xavier-init";
export type { XavierInitOptions } from "./functions/xavier-init";
export { normalInit } from "./functions/normal-init";
export type { NormalInitOptions } from "./functions/normal-init";
export { truncNormalInit } from "./functions/trunc-normal-init";
export type { TruncNormalInitOptions } from "./functions/trunc-normal-init";
export { uniformInit } from "./functions/uniform-init";
export type { UniformInitOptions } from "./functions/uniform-init";
export { kaimingInit } from "./functions/kaiming-init";
export type { KaimingInitOptions } from "./functions/kaiming-init";
export { caffe2XavierInit } from "./functions/caffe2-xavier-init";
export type { Caffe2XavierInitOptions } from "./functions/caffe2-xavier-init";
export type { InitFunctionOptions } from "./functions/apply-init-function";

// Initializers.
export { ArgumentReader } from "./arguments/argument-reader";
export { BaseInit } from "./initializers/base-init";
export type { BaseInitArgs, WeightAndBias } from "./initializers/base-init";
export { ConstantInit } from "./initializers/constant-init";
export type { ConstantInitArgs } from "./initializers/constant-init";
export { XavierInit } from "./initializers/xavier-init";
export type { XavierInitArgs } from "./initializers/xavier-init";
export { NormalInit } from "./initializers/normal-init";
export type { NormalInitArgs } from "./initializers/normal-init";
export { TruncNormalInit } from "./initializers/trunc-normal-init";
export type { TruncNormalInitArgs } from "./initializers/trunc-normal-init";
export { UniformInit } from "./initializers/uniform-init";
export type { UniformInitArgs } from "./initializers/uniform-init";
export { KaimingInit } from "./initializers/kaiming-init";
export type { KaimingInitArgs } from "./initializers/kaiming-init";
export { CAFFE2_XAVIER_FIXED, Caffe2XavierInit } from "./initializers/caffe2-xavier-init";
export type { Caffe2XavierInitArgs } from "./initializers/caffe2-xavier-init";
export { PretrainedInit } from "./pretrained/index";
export type { PretrainedInitArgs } from "./pretrained/index";
export { defaultLayout, layoutPermutation, mismatchWarning, SharedCheckpoint, stateDictKeys, torchLayoutOf, torchSize, transposeAxes } from "./pretrained/index";
export type { KeyRename } from "./pretrained/index";

// The registry and typed configs.
export { WEIGHT_INITIALIZERS } from "./registry/weight-initializers";
export type { WeightInitializerRegistry, WeightInitializerTarget } from "./registry/weight-initializers";
export type { InitializerMap } from "./registry/initializer-map";
export type { InitCfg, InitCfgEntry, InitializerConfig, InitializerName, InitOverride } from "./registry/init-cfg";
export { buildInitializer } from "./registry/build-initializer";
