import { getGlobalRegistry, Registry } from "@initlib/registry";
import { Caffe2XavierInit } from "../initializers/caffe2-xavier";
import { ConstantInit } from "../initializers/constant";
import { KaimingInit } from "../initializers/kaiming";
import { NormalInit } from "../initializers/normal";
import { TruncNormalInit } from "../initializers/trunc-normal";
import { UniformInit } from "../initializers/uniform";
import { XavierInit } from "../initializers/xavier";
import { DiracInit } from "../initializers/dirac";
import { EyeInit } from "../initializers/eye";
import { OnesInit } from "../initializers/ones";
import { OrthogonalInit } from "../initializers/orthogonal";
import { SparseInit } from "../initializers/sparse";
import { TruncNormalTfInit } from "../initializers/trunc-normal-tf";
import { VarianceScalingInit } from "../initializers/variance-scaling";
import {
  GlorotNormalInit,
  GlorotUniformInit,
  HeNormalInit,
  HeUniformInit,
  LecunNormalInit,
  LecunUniformInit,
} from "../initializers/variance-scaling-presets";
import { ZerosInit } from "../initializers/zeros";
import { DeepNetInit } from "../initializers/depth/deepnet";
import { FixupInit } from "../initializers/depth/fixup";
import { Gpt2ScaledResidualInit } from "../initializers/depth/gpt2-scaled-residual";
import { MaximalUpdateInit } from "../initializers/depth/maximal-update";
import { TFixupInit } from "../initializers/depth/t-fixup";
import { ZerOInit } from "../initializers/depth/zero-hadamard";
import { PretrainedInit } from "../pretrained/pretrained-init";
import type { WeightInitializer } from "../weight-initializer";
import type { InitializerMap } from "./initializer-map";

/** What `WEIGHT_INITIALIZERS` holds: a class (or factory) built from one argument object. */
export type WeightInitializerTarget =
  | (new (args: never) => WeightInitializer)
  | ((args: never) => WeightInitializer);

/** The registry type of {@link WEIGHT_INITIALIZERS}. */
export type WeightInitializerRegistry = Registry<WeightInitializerTarget, InitializerMap>;

/**
 * MMEngine's `WEIGHT_INITIALIZERS`: a registry named `weight initializer` with scope `mmengine`,
 * holding `Constant, Xavier, Normal, TruncNormal, Uniform, Kaiming, Caffe2Xavier, Pretrained` in
 * MMEngine's order, then initlib's catalogue beyond MMEngine: `Orthogonal, Dirac, Eye, Sparse,
 * Zeros, Ones, VarianceScaling, LecunNormal, LecunUniform, GlorotNormal, GlorotUniform, HeNormal,
 * HeUniform, TruncNormalTf`, and the depth-aware schemes `Gpt2ScaledResidual, DeepNet, Fixup,
 * TFixup, ZerO, MaximalUpdate`. It lives on `globalThis`, so two
 * copies of this package share one. Register third-party initializers under a scoped name and
 * augment {@link InitializerMap} so their configs type-check.
 * @example
 * WEIGHT_INITIALIZERS.register("acme.Orthogonal", OrthogonalInit);
 * WEIGHT_INITIALIZERS.build({ type: "mmengine.Constant", val: 1 }); // ConstantInit
 */
// Pure: a bundle that never uses the registry (only init functions, say) drops it and every class
// it registers; it is created on first use in any case.
export const WEIGHT_INITIALIZERS: WeightInitializerRegistry = /* @__PURE__ */ getGlobalRegistry(
  "@initlib/initializers:weight-initializers",
  () => {
    const registry: WeightInitializerRegistry = new Registry("weight initializer", { scope: "mmengine" });
    // Registered name = class name minus `Init`, in MMEngine's order.
    registry.register("Constant", ConstantInit);
    registry.register("Xavier", XavierInit);
    registry.register("Normal", NormalInit);
    registry.register("TruncNormal", TruncNormalInit);
    registry.register("Uniform", UniformInit);
    registry.register("Kaiming", KaimingInit);
    registry.register("Caffe2Xavier", Caffe2XavierInit);
    registry.register("Pretrained", PretrainedInit);
    // Beyond MMEngine: PyTorch's structured inits, Keras'/Flax's variance scaling, timm's TF-style truncation.
    registry.register("Orthogonal", OrthogonalInit);
    registry.register("Dirac", DiracInit);
    registry.register("Eye", EyeInit);
    registry.register("Sparse", SparseInit);
    registry.register("Zeros", ZerosInit);
    registry.register("Ones", OnesInit);
    registry.register("VarianceScaling", VarianceScalingInit);
    registry.register("LecunNormal", LecunNormalInit);
    registry.register("LecunUniform", LecunUniformInit);
    registry.register("GlorotNormal", GlorotNormalInit);
    registry.register("GlorotUniform", GlorotUniformInit);
    registry.register("HeNormal", HeNormalInit);
    registry.register("HeUniform", HeUniformInit);
    registry.register("TruncNormalTf", TruncNormalTfInit);
    // Depth-aware schemes that read the module tree (docs/initializers.md), and ZerO.
    registry.register("Gpt2ScaledResidual", Gpt2ScaledResidualInit);
    registry.register("DeepNet", DeepNetInit);
    registry.register("Fixup", FixupInit);
    registry.register("TFixup", TFixupInit);
    registry.register("ZerO", ZerOInit);
    registry.register("MaximalUpdate", MaximalUpdateInit);
    return registry;
  },
);
