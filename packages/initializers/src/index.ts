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
export { generateRuleValues, webAssemblyGeneratorAvailable } from "./random/index";
// The standard normal's functions, as the initializers compute them (float64).
export type { GeneratedRule, GenerateRuleValuesOptions } from "./random/index";
export { createHostBackend } from "./host-backend";
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
export { computeFans } from "./math/compute-fans";
export type { Fans } from "./math/compute-fans";
export { biasInitWithProb } from "./math/bias-init-with-prob";
export { formatPythonValue } from "./math/format-python-value";

// Rules the initializers compute.
export type { Distribution } from "./rules/xavier-rule";
export type { KaimingMode } from "./rules/kaiming-rule";

// Initializers: per concept one declaration (the argument schema), the class and the module-level function.
export type { InitFunctionOptions, InitFunctionOptionsOf } from "./initializers/apply-init-function";
export { BASE_INIT_ARGUMENTS, BaseInit } from "./initializers/base-init";
export type { BaseInitArgs, WeightAndBias } from "./initializers/base-init";
export { ConstantInit, constantInit } from "./initializers/constant";
export type { ConstantInitArgs, ConstantInitOptions } from "./initializers/constant";
export { XavierInit, xavierInit } from "./initializers/xavier";
export type { XavierInitArgs, XavierInitOptions } from "./initializers/xavier";
export { NormalInit, normalInit } from "./initializers/normal";
export type { NormalInitArgs, NormalInitOptions } from "./initializers/normal";
export { TruncNormalInit, truncNormalInit } from "./initializers/trunc-normal";
export type { TruncNormalInitArgs, TruncNormalInitOptions } from "./initializers/trunc-normal";
export { UniformInit, uniformInit } from "./initializers/uniform";
export type { UniformInitArgs, UniformInitOptions } from "./initializers/uniform";
export { KaimingInit, kaimingInit } from "./initializers/kaiming";
export type { KaimingInitArgs, KaimingInitOptions } from "./initializers/kaiming";
export { Caffe2XavierInit, caffe2XavierInit } from "./initializers/caffe2-xavier";
export type { Caffe2XavierInitArgs, Caffe2XavierInitOptions } from "./initializers/caffe2-xavier";
export { PretrainedInit } from "./pretrained/index";
export type { PretrainedInitArgs } from "./pretrained/index";
export type { KeyRename } from "./pretrained/index";

// Beyond MMEngine: PyTorch's structured inits, Keras'/Flax's variance scaling, timm's TF truncation.
export { OrthogonalInit, orthogonalInit } from "./initializers/orthogonal";
export type { OrthogonalInitArgs, OrthogonalInitOptions } from "./initializers/orthogonal";
export { DiracInit, diracInit } from "./initializers/dirac";
export type { DiracInitArgs, DiracInitOptions } from "./initializers/dirac";
export { EyeInit, eyeInit } from "./initializers/eye";
export type { EyeInitArgs, EyeInitOptions } from "./initializers/eye";
export { SparseInit, sparseInit } from "./initializers/sparse";
export type { SparseInitArgs, SparseInitOptions } from "./initializers/sparse";
export { ZerosInit, zerosInit } from "./initializers/zeros";
export type { ZerosInitArgs, ZerosInitOptions } from "./initializers/zeros";
export { OnesInit, onesInit } from "./initializers/ones";
export type { OnesInitArgs, OnesInitOptions } from "./initializers/ones";
export { VarianceScalingInit, varianceScalingInit } from "./initializers/variance-scaling";
export type {
  VarianceScalingDistribution,
  VarianceScalingInitArgs,
  VarianceScalingInitOptions,
  VarianceScalingMode,
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
} from "./initializers/variance-scaling-presets";
export type { VarianceScalingPresetArgs, VarianceScalingPresetOptions } from "./initializers/variance-scaling-presets";
export { TruncNormalTfInit, truncNormalTfInit } from "./initializers/trunc-normal-tf";
export type { TruncNormalTfInitArgs, TruncNormalTfInitOptions } from "./initializers/trunc-normal-tf";
// Depth-aware schemes that read the module tree (GPT-2, DeepNet, Fixup, T-Fixup, μP) and ZerO.
export { initializeTree, StructuredInit } from "./initializers/depth/structured-init";
export type { LayerDecision, WeightLayer } from "./initializers/depth/structured-init";
export { Gpt2ScaledResidualInit, gpt2ScaledResidualInit } from "./initializers/depth/gpt2-scaled-residual";
export type { Gpt2ScaledResidualInitArgs } from "./initializers/depth/gpt2-scaled-residual";
export { deepNetConstants } from "./initializers/depth/deepnet-constants";
export type { DeepNetArchitecture, DeepNetConstants, DeepNormConstants } from "./initializers/depth/deepnet-constants";
export { DeepNetInit, deepNetInit } from "./initializers/depth/deepnet";
export type { DeepNetInitArgs } from "./initializers/depth/deepnet";
export { FixupInit, fixupInit } from "./initializers/depth/fixup";
export type { FixupInitArgs } from "./initializers/depth/fixup";
export { TFixupInit, tFixupInit } from "./initializers/depth/t-fixup";
export type { TFixupInitArgs } from "./initializers/depth/t-fixup";
export { ZerOInit, zerOInit } from "./initializers/depth/zero-hadamard";
export type { ZerOInitArgs, ZerOInitOptions } from "./initializers/depth/zero-hadamard";
export { MaximalUpdateInit, maximalUpdateInit } from "./initializers/depth/maximal-update";
export type { MaximalUpdateInitArgs, MaximalUpdateRole } from "./initializers/depth/maximal-update";
// The registry and typed configs.
export { WEIGHT_INITIALIZERS } from "./weight-initializers/weight-initializers";
export type { WeightInitializerRegistry, WeightInitializerTarget } from "./weight-initializers/weight-initializers";
export type { InitializerMap } from "./weight-initializers/initializer-map";
export type { InitCfg, InitCfgEntry, InitializerConfig, InitializerName, InitOverride } from "./weight-initializers/init-cfg";
export { buildInitializer } from "./weight-initializers/build-initializer";
export { initializerJsonSchema } from "./weight-initializers/initializer-json-schema";
// Declaring a third-party initializer's arguments without a second import.
export { defineArgumentSchema } from "@initlib/registry";
export type { ArgumentSchema, ArgumentsFromSchema, JsonSchema, ValidatedArguments } from "@initlib/registry";
