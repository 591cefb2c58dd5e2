import type { RandomKey } from "./random-key";

/**
 * What a writer decided to put into one parameter, as data. Initializers produce rules; the module
 * tree (or `assign` of a user's parameter) executes them on a backend. Random rules are sampled with
 * the parameter's {@link RandomKey}. Truncated-normal bounds are always absolute here; the std-units
 * convention is converted when the initializer is built.
 */
export type FillRule =
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "truncNormal"; readonly mean: number; readonly std: number; readonly low: number; readonly high: number }
  /**
   * Values loaded or computed lazily (from a checkpoint, or on the host: Orthogonal, Dirac, Sparse),
   * already in the parameter's layout and length. `load` receives the parameter's {@link RandomKey}
   * when the values are random, so they depend only on (seed, path); loaders that need no key
   * ignore it. `loadRange`, when present (values read from a checkpoint, transposed into the
   * parameter's layout when stored in another), fills `into` with elements `start` to `start + into.length` of the same values, so a
   * streaming writer can copy a tensor larger than memory window by window.
   */
  | {
      readonly kind: "values";
      readonly source: string;
      readonly load: (key?: RandomKey) => Promise<Float32Array>;
      readonly loadRange?: (start: number, into: Float32Array) => Promise<void>;
    };
