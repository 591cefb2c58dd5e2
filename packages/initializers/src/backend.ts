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

/** A tensor whose staged storage a committing run makes live (see {@link BackendRun.commit}). */
export interface CommittedStorage<Storage = unknown> {
  /** The framework's tensor object (core's `Parameter` or `ModuleBuffer`): the same object in every run. */
  readonly tensor: object;
  /** The tensor's path in the tree being initialized, e.g. `backbone.conv1.weight`. */
  readonly path: string;
  /** The storage the run allocated and wrote; after the commit it is the tensor's storage. */
  readonly staged: Storage;
  /**
   * The storage it replaces, when that one lives on this backend; `undefined` when the tensor had
   * none or had one on another backend. The framework disposes it (with `dispose`) after the commit.
   */
  readonly replaced: Storage | undefined;
}

/**
 * One `initWeights()` call as a backend sees it, opened by {@link Backend.beginRun}. The framework
 * writes every value into storages it allocates during the run (the stages), then ends the run in
 * one of two ways, each hook being called by the framework at most once:
 *
 * - success: `commit(storages)` once every write succeeded, then the replaced storages are disposed,
 *   then `dispose()`;
 * - roll back (any failure, including a failing `commit`): every stage is disposed, then `dispose()`
 *   without `commit`.
 *
 * `dispose()` is called exactly once per run, on both paths. A backend that keeps the values of a
 * tensor somewhere the framework does not see (a tfjs-layers model's own variables) moves them
 * there in `commit`, through that library's API; `dispose` frees whatever the run still holds, so
 * a rolled-back run leaves no allocation behind.
 */
export interface BackendRun<Storage = unknown> {
  /**
   * Makes the staged storages live. Called once, after every staged write succeeded and before the
   * framework swaps any storage; when it throws, the run rolls back, so it should check everything
   * before changing anything.
   */
  commit(storages: readonly CommittedStorage<Storage>[]): void | Promise<void>;
  /** Ends the run (committed or rolled back): frees what the run still holds. Called exactly once. */
  dispose(): void | Promise<void>;
}

/**
 * Where parameters live. Required: allocate, write, read, fill, dispose. Optional fast paths
 * (`sample`) are used when present; otherwise initlib generates on the host and calls `write`.
 * Optional lifecycle: `beginRun` opens a {@link BackendRun} whose `commit` and `dispose` hooks
 * the framework calls at the end of each `initWeights()` call; without it, staged storages simply
 * replace the old ones.
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
  /**
   * Optional lifecycle hook: called once at the start of each `initWeights()` call that writes on
   * this backend, before its first allocation; the returned run's `commit` and `dispose` end it.
   */
  beginRun?(): BackendRun<Storage> | Promise<BackendRun<Storage>>;
}
