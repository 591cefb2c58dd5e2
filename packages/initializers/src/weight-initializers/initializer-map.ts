import type { Caffe2XavierInitArgs } from "../initializers/caffe2-xavier";
import type { ConstantInitArgs } from "../initializers/constant";
import type { KaimingInitArgs } from "../initializers/kaiming";
import type { NormalInitArgs } from "../initializers/normal";
import type { DiracInitArgs } from "../initializers/dirac";
import type { EyeInitArgs } from "../initializers/eye";
import type { OnesInitArgs } from "../initializers/ones";
import type { OrthogonalInitArgs } from "../initializers/orthogonal";
import type { SparseInitArgs } from "../initializers/sparse";
import type { TruncNormalTfInitArgs } from "../initializers/trunc-normal-tf";
import type { VarianceScalingInitArgs } from "../initializers/variance-scaling";
import type { VarianceScalingPresetArgs } from "../initializers/variance-scaling-presets";
import type { ZerosInitArgs } from "../initializers/zeros";
import type { DeepNetInitArgs } from "../initializers/depth/deepnet";
import type { FixupInitArgs } from "../initializers/depth/fixup";
import type { Gpt2ScaledResidualInitArgs } from "../initializers/depth/gpt2-scaled-residual";
import type { MaximalUpdateInitArgs } from "../initializers/depth/maximal-update";
import type { TFixupInitArgs } from "../initializers/depth/t-fixup";
import type { ZerOInitArgs } from "../initializers/depth/zero-hadamard";
import type { PretrainedInitArgs } from "../pretrained/pretrained-init";
import type { TruncNormalInitArgs } from "../initializers/trunc-normal";
import type { UniformInitArgs } from "../initializers/uniform";
import type { XavierInitArgs } from "../initializers/xavier";

/**
 * Registered initializer name → its argument object. `initCfg` entries are typed from this map, so
 * a package that registers an initializer augments it with the type inferred from the
 * initializer's declaration, and its configs type-check like the built-ins:
 * @example
 * declare module "@initlib/initializers" {
 *   interface InitializerMap {
 *     "acme.LeCunNormal": ArgumentsFromSchema<typeof LECUN_NORMAL_ARGUMENTS>;
 *   }
 * }
 */
export interface InitializerMap {
  Constant: ConstantInitArgs;
  Xavier: XavierInitArgs;
  Normal: NormalInitArgs;
  TruncNormal: TruncNormalInitArgs;
  Uniform: UniformInitArgs;
  Kaiming: KaimingInitArgs;
  Caffe2Xavier: Caffe2XavierInitArgs;
  Pretrained: PretrainedInitArgs;
  Orthogonal: OrthogonalInitArgs;
  Dirac: DiracInitArgs;
  Eye: EyeInitArgs;
  Sparse: SparseInitArgs;
  Zeros: ZerosInitArgs;
  Ones: OnesInitArgs;
  VarianceScaling: VarianceScalingInitArgs;
  LecunNormal: VarianceScalingPresetArgs;
  LecunUniform: VarianceScalingPresetArgs;
  GlorotNormal: VarianceScalingPresetArgs;
  GlorotUniform: VarianceScalingPresetArgs;
  HeNormal: VarianceScalingPresetArgs;
  HeUniform: VarianceScalingPresetArgs;
  TruncNormalTf: TruncNormalTfInitArgs;
  Gpt2ScaledResidual: Gpt2ScaledResidualInitArgs;
  DeepNet: DeepNetInitArgs;
  Fixup: FixupInitArgs;
  TFixup: TFixupInitArgs;
  ZerO: ZerOInitArgs;
  MaximalUpdate: MaximalUpdateInitArgs;
}
