import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import type { ParamLike } from "../param-like";
import { layoutPermutation, torchLayoutOf, transposeAxes } from "../pretrained/layout-transpose";
import type { RandomKey } from "../random-key";

/** A parameter seen in PyTorch's layout: the shape torch would give it and the way back. */
export interface TorchView {
  /** The parameter's shape in torch's layout (`OIHW` for a tfjs `HWIO` kernel). */
  readonly shape: readonly number[];
  /** Brings row-major values computed in torch's layout into the parameter's declared layout. */
  toDeclared(values: Float32Array): Float32Array;
}

/**
 * The parameter in torch's layout, so structured initializers (Orthogonal, Dirac, Eye, Sparse)
 * compute what torch computes on the equivalent torch weight, then store it in the declared layout
 * (a tfjs `HWIO` kernel gets the transposed torch `OIHW` values). Without a layout the parameter is
 * already in torch's layout.
 * @example
 * torchView({ shape: [3, 3, 4, 8], layout: "HWIO" }).shape; // [8, 4, 3, 3]
 */
export function torchView(param: ParamLike): TorchView {
  const layout = param.layout;
  if (layout === undefined) return { shape: [...param.shape], toDeclared: (values) => values };
  const torchLayout = torchLayoutOf(layout);
  const toDeclaredPermutation = layoutPermutation(torchLayout, layout);
  if (toDeclaredPermutation === undefined || layout.length !== param.shape.length) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `layout ${layout} cannot be mapped to torch's layout`, {
      received: { shape: [...param.shape], layout },
      expected: "one distinct layout letter per axis, such as OIHW, IOHW, HWIO or HWOI",
    });
  }
  const shape = [...torchLayout].map((letter) => param.shape[layout.indexOf(letter)]!);
  if (torchLayout === layout) return { shape, toDeclared: (values) => values };
  return { shape, toDeclared: (values) => transposeAxes(values, shape, toDeclaredPermutation) };
}

/**
 * A `values` rule computed on the host in torch's layout and stored in the parameter's layout;
 * `compute` receives the torch-layout shape and, for random values, the parameter's key.
 * @example
 * hostValuesRule("Eye", weight, (shape) => identity(shape));
 */
export function hostValuesRule(
  source: string,
  param: ParamLike,
  compute: (torchShape: readonly number[], key: RandomKey | undefined) => Float32Array | Promise<Float32Array>,
): FillRule {
  const view = torchView(param);
  return { kind: "values", source, load: async (key?: RandomKey) => view.toDeclared(await compute(view.shape, key)) };
}

/**
 * The key of a random `values` rule; its absence (a caller that loads the rule without a key) is
 * an error, since the values must depend on (seed, path).
 * @throws InitlibError `INITLIB_BAD_ARGUMENT`
 */
export function requireRandomKey(key: RandomKey | undefined, source: string): RandomKey {
  if (key !== undefined) return key;
  throw new InitlibError("INITLIB_BAD_ARGUMENT", `${source} draws random values and needs the parameter's random key`, {
    path: "key",
    received: key,
    expected: "a RandomKey { seed, path }",
    hint: "execute the rule with writeRule (or assign), which passes the parameter's key to load",
  });
}

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}
