import type { Variable } from "@tensorflow/tfjs-core";

/**
 * A parameter of the WebGPU backend: a float32 `tf.Variable` on tfjs-backend-webgpu, with the shape
 * it was allocated with. The variable is replaced (never resized) by writes and sampling, so read
 * {@link WebGpuParameter.variable} again after an init instead of keeping an old reference.
 * @example
 * const parameter = await backend.allocate([64, 3, 3, 3]);
 * parameter.variable.shape // [64, 3, 3, 3]
 */
export interface WebGpuParameter {
  readonly shape: readonly number[];
  /** Number of elements (1 for a 0-d parameter, 0 for a zero-size one). */
  readonly size: number;
  /** The tfjs variable holding the values; throws `INITLIB_DISPOSED` after `dispose`. */
  readonly variable: Variable;
  /** True once the backend disposed it. */
  readonly disposed: boolean;
}
