// Contracts shared with the module tree and the backends.
export { BACKEND_SPEC_VERSION } from "./backend";
export type { Backend, BackendRun, CommittedStorage, SampleRequest } from "./backend";
export { resolveBackend } from "./resolve-backend";
export type { BackendCapability, BackendRequirements } from "./resolve-backend";
export type { FillRule } from "./fill-rule";
export type { RandomKey } from "./random-key";
export type { Layout, ParamLike, WritableParam } from "./param-like";
export type { InitTarget, ModuleLike, StateEntry } from "./module-like";
export type { InitializerPlan, LoadReport, PlannedWrite, WeightInitializer } from "./weight-initializer";

// Random numbers (docs/rng.md), the host backend and the one place that executes rules.
export { generateRuleValues, resolveRandomEngine, webAssemblyGeneratorAvailable } from "./random/index";
// The standard normal's functions, as the initializers compute them (float64).
export {
  complementaryErrorFunction,
  errorFunction,
  standardNormalCdf,
  standardNormalDensity,
  standardNormalIntervalProbability,
  standardNormalQuantile,
} from "./random/index";
export type { GeneratedRule, GenerateRuleValuesOptions, RandomEngine } from "./random/index";
export { createHostBackend, elementCountOfShape } from "./host-backend";
export type { HostBackend, HostBackendOptions } from "./host-backend";
export { writeRule } from "./write-rule";
// Host generation over worker threads (Web Workers in browsers): the thread count and the shared pool.
export { closeHostThreads, defaultThreadCount } from "./parallel/index";
export type { WriteRuleOptions } from "./write-rule";
export { createHostParam } from "./host-param";
export type { HostParam, HostParamOptions } from "./host-param";

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

// Initializers: per concept one declaration (the argument schema), the class and the module-level function.
export type { InitFunctionOptions, InitFunctionOptionsOf } from "./initializers/apply-init-function";
export { ArgumentReader } from "./arguments/argument-reader";
export { BASE_INIT_ARGUMENTS, BaseInit } from "./initializers/base-init";
export type { BaseInitArgs, WeightAndBias } from "./initializers/base-init";
export { CONSTANT_ARGUMENTS, ConstantInit, constantInit } from "./initializers/constant";
export type { ConstantInitArgs, ConstantInitOptions } from "./initializers/constant";
export { XAVIER_ARGUMENTS, XavierInit, xavierInit } from "./initializers/xavier";
export type { XavierInitArgs, XavierInitOptions } from "./initializers/xavier";
export { NORMAL_ARGUMENTS, NormalInit, normalInit } from "./initializers/normal";
export type { NormalInitArgs, NormalInitOptions } from "./initializers/normal";
export { TRUNC_NORMAL_ARGUMENTS, TruncNormalInit, truncNormalInit } from "./initializers/trunc-normal";
export type { TruncNormalInitArgs, TruncNormalInitOptions } from "./initializers/trunc-normal";
export { UNIFORM_ARGUMENTS, UniformInit, uniformInit } from "./initializers/uniform";
export type { UniformInitArgs, UniformInitOptions } from "./initializers/uniform";
export { KAIMING_ARGUMENTS, KaimingInit, kaimingInit } from "./initializers/kaiming";
export type { FixedKaimingArguments, KaimingInitArgs, KaimingInitOptions } from "./initializers/kaiming";
export { CAFFE2_XAVIER_ARGUMENTS, CAFFE2_XAVIER_FIXED, Caffe2XavierInit, caffe2XavierInit } from "./initializers/caffe2-xavier";
export type { Caffe2XavierInitArgs, Caffe2XavierInitOptions } from "./initializers/caffe2-xavier";
export { PretrainedInit } from "./pretrained/index";
export type { PretrainedInitArgs } from "./pretrained/index";
export { defaultLayout, layoutPermutation, mismatchWarning, SharedCheckpoint, stateDictKeys, torchLayoutOf, torchSize, transposeAxes } from "./pretrained/index";
export type { KeyRename } from "./pretrained/index";

// Beyond MMEngine: PyTorch's structured inits, Keras'/Flax's variance scaling, timm's TF truncation.
export { householderOrthogonal } from "./math/householder-orthogonal";
export { ORTHOGONAL_ARGUMENTS, OrthogonalInit, orthogonalInit } from "./initializers/orthogonal";
export type { OrthogonalInitArgs, OrthogonalInitOptions } from "./initializers/orthogonal";
export { DIRAC_ARGUMENTS, DiracInit, diracInit, diracValues } from "./initializers/dirac";
export type { DiracInitArgs, DiracInitOptions } from "./initializers/dirac";
export { EYE_ARGUMENTS, EyeInit, eyeInit } from "./initializers/eye";
export type { EyeInitArgs, EyeInitOptions } from "./initializers/eye";
export { SPARSE_ARGUMENTS, SparseInit, sparseInit, sparseValues } from "./initializers/sparse";
export type { SparseInitArgs, SparseInitOptions } from "./initializers/sparse";
export { ZEROS_ARGUMENTS, ZerosInit, zerosInit } from "./initializers/zeros";
export type { ZerosInitArgs, ZerosInitOptions } from "./initializers/zeros";
export { ONES_ARGUMENTS, OnesInit, onesInit } from "./initializers/ones";
export type { OnesInitArgs, OnesInitOptions } from "./initializers/ones";
export {
  TRUNCATED_NORMAL_STD_CORRECTION,
  VARIANCE_SCALING_ARGUMENTS,
  VARIANCE_SCALING_DISTRIBUTIONS,
  VARIANCE_SCALING_MODES,
  VarianceScalingInit,
  varianceScalingInit,
  varianceScalingRule,
} from "./initializers/variance-scaling";
export type {
  VarianceScalingDistribution,
  VarianceScalingInitArgs,
  VarianceScalingInitOptions,
  VarianceScalingMode,
  VarianceScalingSettings,
} from "./initializers/variance-scaling";
export {
  GlorotNormalInit,
  glorotNormalInit,
  GlorotUniformInit,
  glorotUniformInit,
  HeNormalInit,
  heNormalInit,
  HeUniformInit,
  heUniformInit,
  LecunNormalInit,
  lecunNormalInit,
  LecunUniformInit,
  lecunUniformInit,
  VARIANCE_SCALING_PRESETS,
} from "./initializers/variance-scaling-presets";
export type { VarianceScalingPresetArgs, VarianceScalingPresetOptions } from "./initializers/variance-scaling-presets";
export { TRUNC_NORMAL_TF_ARGUMENTS, TruncNormalTfInit, truncNormalTfInit } from "./initializers/trunc-normal-tf";
export type { TruncNormalTfInitArgs, TruncNormalTfInitOptions } from "./initializers/trunc-normal-tf";
export { hostValuesRule, torchView } from "./initializers/host-values";
export type { TorchView } from "./initializers/host-values";
// The registry and typed configs.
export { WEIGHT_INITIALIZERS } from "./weight-initializers/weight-initializers";
export type { WeightInitializerRegistry, WeightInitializerTarget } from "./weight-initializers/weight-initializers";
export type { InitializerMap } from "./weight-initializers/initializer-map";
export type { InitCfg, InitCfgEntry, InitializerConfig, InitializerName, InitOverride } from "./weight-initializers/init-cfg";
export { buildInitializer } from "./weight-initializers/build-initializer";
export { initializerDeclaration, initializerDefaults, initializerEntryJsonSchema, initializerJsonSchema } from "./weight-initializers/initializer-json-schema";
// Declaring a third-party initializer's arguments without a second import.
export { defineArgumentSchema } from "@initlib/registry";
export type { ArgumentSchema, ArgumentsFromSchema, JsonSchema, ValidatedArguments } from "@initlib/registry";
