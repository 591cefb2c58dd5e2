import type { Caffe2XavierInitArgs } from "../initializers/caffe2-xavier-init";
import type { ConstantInitArgs } from "../initializers/constant-init";
import type { KaimingInitArgs } from "../initializers/kaiming-init";
import type { NormalInitArgs } from "../initializers/normal-init";
import type { PretrainedInitArgs } from "../pretrained/pretrained-init";
import type { TruncNormalInitArgs } from "../initializers/trunc-normal-init";
import type { UniformInitArgs } from "../initializers/uniform-init";
import type { XavierInitArgs } from "../initializers/xavier-init";

/**
 * Registered initializer name → its argument object. `initCfg` entries are typed from this map, so
 * a package that registers an initializer augments it and its configs type-check like the
 * built-ins:
 * @example
 * declare module "@initlib/initializers" {
 *   interface InitializerMap {
 *     "acme.Orthogonal": { gain?: number; layer?: string | string[] };
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
}
