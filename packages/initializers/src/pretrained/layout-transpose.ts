// The leaf entry, not `@initlib/checkpoint/internal`: that one would tie the readers to every
// bundle that transposes (a bundler may keep the modules an entry re-exports in a shared chunk).
import { copyStrided } from "@initlib/checkpoint/internal/copy-strided";
import type { Layout } from "../param-like";

const TORCH_DEFAULT_LAYOUTS: Readonly<Record<number, Layout>> = { 2: "OI", 3: "OIL", 4: "OIHW", 5: "OIDHW" };

const isChannel = (letter: string) => letter === "O" || letter === "I" || letter === "M";

/**
 * The layout a parameter has when absent from its declaration: torch's convention for the rank
 * (`OI`, `OIL`, `OIHW`, `OIDHW`); none for scalars and vectors.
 * @example
 * defaultLayout([8, 3, 3, 3]); // "OIHW"
 */
export function defaultLayout(shape: readonly number[]): Layout | undefined {
  return TORCH_DEFAULT_LAYOUTS[shape.length];
}

/**
 * PyTorch's layout for a weight whose declared layout is `layout`: torch layouts (channels first,
 * e.g. `OIHW`, `IOHW`, `OI`) are returned as they are; tfjs layouts (receptive axes first, or `IO`)
 * map to the torch weight of the same layer: channel letters reversed, then the receptive axes
 * (`HWIO` → `OIHW`, `HWOI` → `IOHW`, `IO` → `OI`).
 * @example
 * torchLayoutOf("HWIO"); // "OIHW"
 */
export function torchLayoutOf(layout: Layout): Layout {
  const letters = [...layout];
  const channels = letters.filter(isChannel);
  const receptive = letters.filter((letter) => !isChannel(letter));
  const channelsFirst = letters.slice(0, channels.length).every(isChannel);
  if (channelsFirst && !(layout === "IO")) return layout;
  return [...channels.reverse(), ...receptive].join("");
}

/**
 * How to bring a tensor stored in `from` layout into `to` layout: `permutation[d]` is the source
 * axis of target axis `d`. Undefined when the layouts do not hold the same distinct letters.
 * @example
 * layoutPermutation("OIHW", "HWIO"); // [2, 3, 1, 0]
 */
export function layoutPermutation(from: Layout, to: Layout): number[] | undefined {
  if (from.length !== to.length || new Set(from).size !== from.length) return undefined;
  const permutation = [...to].map((letter) => from.indexOf(letter));
  return permutation.every((axis) => axis >= 0) ? permutation : undefined;
}

/**
 * Permutes the axes of a row-major tensor: the result has shape `permutation.map(a => shape[a])`.
 * @example
 * transposeAxes(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]); // [1, 4, 2, 5, 3, 6]
 */
export function transposeAxes(values: Float32Array, shape: readonly number[], permutation: readonly number[]): Float32Array {
  const rank = shape.length;
  const sourceStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis -= 1) {
    sourceStrides[axis] = stride;
    stride *= shape[axis]!;
  }
  const targetShape = permutation.map((axis) => shape[axis]!);
  const steps = permutation.map((axis) => sourceStrides[axis]!);
  const out = new Float32Array(values.length);
  copyStrided(values, targetShape, steps, out);
  return out;
}
