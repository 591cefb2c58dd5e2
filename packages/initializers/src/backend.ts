import type { FillRule } from "./fill-rule";
import type { RandomKey } from "./random-key";

/** Version of the Backend contract below. A backend declares the version it implements. */
export const BACKEND_SPEC_VERSION = 1 as const;

/** A sampling request for a backend's optional device-side generator (see `docs/rng.md`). */
export interface SampleRequest {
  /** The random rule to follow, exactly as the host generator does. */
  readonly rule: Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>;
  /** Seed and parameter path: the generator's key. */
  readonly key: RandomKey;
}

/**
 * Where parameters live. Required: allocate, write, read, fill, dispose. Optional fast paths
 * (`sample`) are used when present; otherwise initlib generates on the host and calls `write`.
 *
 * Every method may return a promise; initlib always awaits. Storage handles are opaque to initlib.
 * Run `@initlib/backend-testkit` against an implementation to check it meets this contract.
 * @example
 * const backend: Backend<Float32Array> = {
 *   name: "plain", specVersion: 1,
 *   allocate: (shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)),
 *   write: (storage, values, offset) => storage.set(values, offset),
 *   read: async (storage) => storage.slice(),
 *   fill: (storage, value) => void storage.fill(value),
 *   dispose: () => {},
 * };
 */
export interface Backend<Storage = unknown> {
  /** Shown in errors and reports, e.g. `host`, `tfjs-cpu`, `webgpu`. */
  readonly name: string;
  readonly specVersion: typeof BACKEND_SPEC_VERSION;
  /** Allocates a float32 parameter of `shape` (any rank, 0-d and zero-size included). Contents are unspecified. */
  allocate(shape: readonly number[]): Storage | Promise<Storage>;
  /** Writes `values` at flat element `offset` (row-major). `offset + values.length` must not exceed the size. */
  write(storage: Storage, values: Float32Array, offset: number): void | Promise<void>;
  /** Reads the whole parameter back, row-major. */
  read(storage: Storage): Promise<Float32Array>;
  /** Sets every element to `value` (rounded to float32). */
  fill(storage: Storage, value: number): void | Promise<void>;
  /** Frees the storage; using it afterwards is an error of code `INITLIB_DISPOSED`. */
  dispose(storage: Storage): void | Promise<void>;
  /** Optional fast path: fills the whole storage on the device, following initlib's RNG definition. */
  sample?(storage: Storage, request: SampleRequest): void | Promise<void>;
}
