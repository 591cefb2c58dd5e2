import { InitlibError } from "@initlib/registry";
import { BACKEND_SPEC_VERSION, type Backend, type SampleRequest } from "./backend";
import { allocateForThreads, generateInParallel, MIN_ELEMENTS_PER_THREAD } from "./parallel/parallel-generate";
import { GeneratorPool } from "./parallel/generator-pool";
import { defaultThreadCount, loadAvailableParallelism, resolveThreadCount } from "./parallel/thread-count";
import { generateRuleValues, type RandomEngine } from "./random/generate-rule-values";

/** Options of {@link createHostBackend}. */
export interface HostBackendOptions {
  /** Generator behind the `sample` fast path; every engine follows docs/rng.md. @default "auto" */
  readonly engine?: RandomEngine;
  /**
   * Threads that `sample` spreads a large parameter over, the calling thread included (worker
   * threads in Node, Web Workers in browsers). The values do not depend on it. Parameters under
   * 512 Ki elements stay on the calling thread.
   * @default `INITLIB_THREADS` when set, else the available cores
   */
  readonly threads?: number;
}

/** The host backend: parameters are plain `Float32Array`s, random rules are generated in place. */
export interface HostBackend extends Backend<Float32Array> {
  readonly name: "host";
  allocate(shape: readonly number[]): Float32Array;
  write(storage: Float32Array, values: Float32Array, offset: number): void;
  fill(storage: Float32Array, value: number): void;
  dispose(storage: Float32Array): void;
  /**
   * Generates in place. Synchronous (returns `undefined`) on the calling thread; returns a Promise
   * when a large parameter is spread over worker threads: await it before reading the storage.
   */
  sample(storage: Float32Array, request: SampleRequest): void | Promise<void>;
  /**
   * Terminates this backend's worker threads (started lazily by `sample`; idle ones never keep a
   * process alive). The backend stays usable: a later `sample` starts workers again.
   */
  close(): void;
}

/**
 * Number of elements of a parameter of `shape` (1 for a 0-d scalar, 0 when any dimension is 0).
 * @throws InitlibError `INITLIB_BAD_SHAPE` when `shape` is not an array of non-negative integers.
 * @example
 * elementCountOfShape([64, 3, 7, 7]); // 9408
 */
export function elementCountOfShape(shape: readonly number[], path = "shape"): number {
  if (!Array.isArray(shape)) {
    throw new InitlibError("INITLIB_BAD_SHAPE", "a shape must be an array of dimensions", {
      path,
      received: shape,
      expected: "an array of non-negative integers, e.g. [64, 3, 7, 7] ([] for a scalar)",
      hint: "pass the parameter's shape as an array",
    });
  }
  let count = 1;
  shape.forEach((dimension: unknown, axis) => {
    if (typeof dimension !== "number" || !Number.isInteger(dimension) || dimension < 0) {
      throw new InitlibError("INITLIB_BAD_SHAPE", `dimension ${axis} of the shape is not a non-negative integer`, {
        path: `${path}[${axis}]`,
        received: shape,
        expected: "an array of non-negative integers",
        hint: "round or fix the dimension; sizes count elements",
      });
    }
    count *= dimension;
  });
  if (count > Number.MAX_SAFE_INTEGER) {
    throw new InitlibError("INITLIB_BAD_SHAPE", "the shape has more elements than can be indexed", {
      path,
      received: shape,
      expected: "fewer than 2^53 elements",
    });
  }
  return count;
}

/**
 * Creates the zero-dependency reference {@link Backend}: storage is a `Float32Array` of the
 * parameter's size (row-major), `read` returns a copy, and `sample` generates initlib's random
 * values straight into the storage (WebAssembly SIMD when available), spread over `threads` threads
 * for large parameters (storage is then shared memory where the runtime offers it, so workers write
 * in place). Call `close()` to end the worker threads early.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` when `threads` is not an integer from 1 to 256.
 * @example
 * const host = createHostBackend();
 * const weight = host.allocate([64, 3, 3, 3]);
 * await host.sample(weight, { rule: { kind: "normal", mean: 0, std: 0.02 }, key: { seed: 0, path: "conv.weight" } });
 */
export function createHostBackend(options: HostBackendOptions = {}): HostBackend {
  const engine = options.engine ?? "auto";
  const threadsOption = options.threads === undefined ? undefined : resolveThreadCount(options.threads, "options.threads");
  let pool: GeneratorPool | undefined;
  const owned = new WeakSet<Float32Array>();
  const disposed = new WeakSet<Float32Array>();

  const live = (storage: Float32Array, operation: string): Float32Array => {
    if (storage instanceof Float32Array && disposed.has(storage)) {
      throw new InitlibError("INITLIB_DISPOSED", `host backend: ${operation}() on a disposed parameter`, {
        path: "storage",
        received: `Float32Array(${storage.length})`,
        expected: "storage that has not been disposed",
        hint: "allocate a new parameter; disposed storage cannot be used again",
      });
    }
    if (!(storage instanceof Float32Array) || !owned.has(storage)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `host backend: ${operation}() on storage it did not allocate`, {
        path: "storage",
        received: storage,
        expected: "a Float32Array returned by this backend's allocate()",
        hint: "allocate parameters with the same backend instance that writes them",
      });
    }
    return storage;
  };

  return {
    name: "host",
    specVersion: BACKEND_SPEC_VERSION,
    allocate(shape) {
      const count = elementCountOfShape(shape);
      let storage: Float32Array;
      try {
        storage = allocateForThreads(count, threadsOption ?? 2);
      } catch (error) {
        throw new InitlibError("INITLIB_BAD_SHAPE", "host backend: the parameter is too large for one Float32Array", {
          path: "shape",
          received: shape,
          expected: "at most the runtime's typed-array length limit",
          hint: "use a device backend for parameters of this size",
          cause: error,
        });
      }
      owned.add(storage);
      return storage;
    },
    write(storage, values, offset) {
      const target = live(storage, "write");
      if (!(values instanceof Float32Array)) {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", "host backend: write() takes a Float32Array of values", {
          path: "values",
          received: values,
          expected: "a Float32Array",
          hint: "convert with Float32Array.from(values)",
        });
      }
      if (!Number.isInteger(offset) || offset < 0 || offset + values.length > target.length) {
        throw new InitlibError("INITLIB_BAD_SHAPE", "host backend: write() runs outside the parameter", {
          path: "offset",
          received: { offset, length: values.length, size: target.length },
          expected: `an integer offset >= 0 with offset + values.length <= ${target.length}`,
          hint: "split the values to fit the parameter, or check the parameter's shape",
        });
      }
      target.set(values, offset);
    },
    async read(storage) {
      return live(storage, "read").slice();
    },
    fill(storage, value) {
      const target = live(storage, "fill");
      if (typeof value !== "number") {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", "host backend: fill() takes a number", {
          path: "value",
          received: value,
          expected: "a number",
        });
      }
      target.fill(value);
    },
    dispose(storage) {
      if (storage instanceof Float32Array && disposed.has(storage)) return;
      live(storage, "dispose");
      disposed.add(storage);
    },
    sample(storage, request) {
      const target = live(storage, "sample");
      // Checks the rule and key on the calling thread, whatever thread generates.
      generateRuleValues(request.rule, request.key, 0, target.subarray(0, 0), { engine });
      // INITLIB_THREADS is checked whatever the parameter's size.
      if (threadsOption === undefined) defaultThreadCount();
      if (threadsOption === 1 || target.length < 2 * MIN_ELEMENTS_PER_THREAD) {
        generateRuleValues(request.rule, request.key, 0, target, { engine });
        return;
      }
      pool ??= new GeneratorPool();
      const workers = pool;
      return loadAvailableParallelism().then(() =>
        generateInParallel(request.rule, request.key, 0, target, { threads: resolveThreadCount(threadsOption, "INITLIB_THREADS"), pool: workers, engine }),
      );
    },
    close() {
      pool?.close();
    },
  };
}
