import type { FillRule } from "./fill-rule";
import { createHostBackend, elementCountOfShape, type HostBackend } from "./host-backend";
import type { Layout, WritableParam } from "./param-like";
import type { RandomEngine } from "./random/generate-rule-values";
import { writeRule } from "./write-rule";

/** Options of {@link createHostParam}. */
export interface HostParamOptions {
  /**
   * Axis layout used for fans (`OIHW`, `HWIO`, ...).
   * @default torch's convention for the rank
   */
  readonly layout?: Layout;
  /** Convolution groups (informational; shapes already hold per-group channels). @default 1 */
  readonly groups?: number;
  /**
   * Dotted parameter path: the random stream of this parameter. Give every parameter its own.
   * @default "param"
   */
  readonly path?: string;
  /** Generator seed, an integer in [0, 2^53). @default 0 */
  readonly seed?: number;
  /** Host generator; every engine follows docs/rng.md. @default "auto" */
  readonly engine?: RandomEngine;
}

/** A `Float32Array`-backed {@link WritableParam} with the provenance of its writes. */
export interface HostParam extends WritableParam {
  readonly shape: readonly number[];
  readonly path: string;
  readonly seed: number;
  /** The values, row-major; written in place by `assign`. */
  readonly data: Float32Array;
  /** Info of the last write that carried one (initializers' `info`), or `undefined`. */
  readonly info: string | undefined;
  /** Every write in order: its rule and info. */
  readonly history: readonly { readonly rule: FillRule; readonly info: string | undefined }[];
  /** A copy of the values. */
  read(): Promise<Float32Array>;
}

/**
 * A parameter on the host: a `Float32Array` of `shape` (zero-filled) that executes
 * {@link FillRule}s with initlib's generator, keyed by `(seed, path)`. Enough to use the init
 * functions and initializers without the module tree, and to test them.
 * @example
 * const weight = createHostParam([64, 32, 3, 3], { path: "conv.weight", seed: 0 });
 * await kaimingInit({ weight });
 * weight.data; // Float32Array of 18432 values, std ≈ 0.059
 */
export function createHostParam(shape: readonly number[], options: HostParamOptions = {}): HostParam {
  elementCountOfShape(shape);
  const backend: HostBackend = createHostBackend({ engine: options.engine });
  const data = backend.allocate(shape).fill(0);
  const path = options.path ?? "param";
  const seed = options.seed ?? 0;
  const history: { rule: FillRule; info: string | undefined }[] = [];
  let info: string | undefined;
  return {
    shape: [...shape],
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.groups === undefined ? {} : { groups: options.groups }),
    path,
    seed,
    data,
    get info() {
      return info;
    },
    history,
    async assign(rule: FillRule, writeInfo?: string): Promise<void> {
      await writeRule(backend, data, shape, rule, { seed, path }, { engine: options.engine });
      history.push({ rule, info: writeInfo });
      if (writeInfo !== undefined) info = writeInfo;
    },
    async read(): Promise<Float32Array> {
      return data.slice();
    },
  };
}
