import type { Tensor } from "@tensorflow/tfjs-core";

/**
 * The parts of a tfjs-layers `LayerVariable` that initlib uses. Structural, so this package does not
 * import `@tensorflow/tfjs-layers` (an optional peer dependency) at run time or in its types.
 */
export interface LayerVariableLike {
  /** `<layer name>/<weight name>`, e.g. `conv1/kernel`. */
  readonly originalName: string;
  /** Weight shapes are fully known (tfjs types them like layer shapes, with `null` allowed). */
  readonly shape: readonly (number | null)[];
  readonly trainable: boolean;
  /** The `tf.Variable` holding the values (typed as a tensor by tfjs-layers). */
  read(): Tensor;
}

/** The parts of a tfjs-layers `Layer` that initlib uses. */
export interface LayerLike {
  /** The literal tfjs class name (`Dense`, `Conv2D`, ...), stable under minification. */
  getClassName(): string;
  readonly name: string;
  /** Trainable weights first, then non-trainable ones (BatchNormalization's moving statistics). */
  readonly weights: readonly LayerVariableLike[];
  /** Set when the layer is built; BatchNormalization records its input rank here. */
  readonly inputSpec?: readonly ({ readonly ndim?: number } | null | undefined)[] | null;
}

/** A tfjs-layers `LayersModel` or `Sequential` (a container of layers, nested models included). */
export interface LayersModelLike extends LayerLike {
  readonly layers: readonly LayerLike[];
}

/**
 * Whether `value` looks like a tfjs-layers model (a container with `layers`).
 * @example
 * if (isLayersModelLike(layer)) console.log(layer.layers.length);
 */
export function isLayersModelLike(value: unknown): value is LayersModelLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<LayersModelLike>;
  return Array.isArray(candidate.layers) && typeof candidate.getClassName === "function" && Array.isArray(candidate.weights);
}
