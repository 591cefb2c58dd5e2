import { BACKEND_SPEC_VERSION, type Backend } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { loadOptionalModule } from "./load-optional-module";
import type { TfjsNamespace, TfjsVariable } from "./tfjs-namespace";
import { backendFailure, flushStorage, isTfjsStorage, openStorage, TfjsStorage, variableOf } from "./tfjs-storage";
import { validateShape, validateWrite } from "./validate-storage-arguments";

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /**
   * The `tf` namespace to use (`import * as tf from "@tensorflow/tfjs"`). When absent,
   * `@tensorflow/tfjs-core` is imported lazily inside the factory.
   */
  readonly tf?: TfjsNamespace;
  /**
   * The tfjs backend the parameters live on, e.g. `"cpu"`, `"webgl"`, `"webgpu"`, `"tensorflow"`. It
   * must be registered (import its package first). When it is not the active one, the factory makes
   * it active with `tf.setBackend`: the one global change, made only because it was asked for.
   * @default the active tfjs backend (after `tf.ready()`)
   */
  readonly backendName?: string;
  /** Name shown in errors and reports. @default `tfjs-${backendName}` */
  readonly name?: string;
  /** Whether the variables are trainable. @default true */
  readonly trainable?: boolean;
}

/** An initlib backend whose parameters are `tf.Variable`s. */
export interface TfjsBackend extends Backend<TfjsStorage> {
  /** The namespace in use. */
  readonly tf: TfjsNamespace;
  /** The tfjs backend the variables live on. */
  readonly tfjsBackendName: string;
  /** Same as the free function {@link variableOf}. */
  variableOf(storage: TfjsStorage): TfjsVariable;
}

const TFJS_CORE_INSTALL = "npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0 (or pass { tf } from @tensorflow/tfjs)";

async function loadTfjsCore(): Promise<TfjsNamespace> {
  return loadOptionalModule(() => import("@tensorflow/tfjs-core"), "@tensorflow/tfjs-core", {
    needed: "the tfjs backend creates tf.Variables with it",
    install: TFJS_CORE_INSTALL,
  });
}

async function selectTfjsBackend(tf: TfjsNamespace, requested: string | undefined): Promise<string> {
  const registered = Object.keys(tf.engine().registryFactory);
  if (requested === undefined) {
    try {
      await tf.ready();
    } catch (error) {
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", "no tfjs backend could be initialized", {
        path: "backendName",
        received: registered,
        expected: "at least one registered tfjs backend, e.g. cpu",
        hint: 'import "@tensorflow/tfjs-backend-cpu" first, or use createTfjsCpuBackend()',
        cause: error,
      });
    }
    return tf.getBackend();
  }
  if (tf.findBackendFactory(requested) === null) {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `tfjs backend "${requested}" is not registered`, {
      path: "backendName",
      received: requested,
      expected: registered.length > 0 ? `one of the registered backends: ${registered.join(", ")}` : "a registered tfjs backend",
      hint: `import its package first (cpu: @tensorflow/tfjs-backend-cpu, webgl: @tensorflow/tfjs-backend-webgl, webgpu: @tensorflow/tfjs-backend-webgpu, tensorflow: @tensorflow/tfjs-node)`,
    });
  }
  if (tf.getBackend() !== requested) {
    let activated: boolean;
    try {
      activated = await tf.setBackend(requested);
    } catch (error) {
      throw backendFailure(requested, "setBackend", error);
    }
    if (!activated) {
      throw new InitlibError("INITLIB_BACKEND_FAILURE", `tfjs backend "${requested}" failed to initialize`, {
        path: "backendName",
        received: requested,
        hint: "tf.setBackend returned false; the tfjs console output says why (no GPU, no WebGL context, ...)",
      });
    }
  }
  return requested;
}

/** A storage about to be disposed: one of ours, possibly with a variable the user already disposed. */
function openStorageForDispose(storage: unknown): TfjsStorage {
  if (isTfjsStorage(storage) && storage.variable?.isDisposed) return storage;
  return openStorage(storage, "dispose");
}

/**
 * Creates an initlib backend over TensorFlow.js: each parameter is a `tf.Variable` (float32) of the
 * active tfjs backend, or of `backendName`. Importing this module changes nothing in tfjs; the factory
 * only selects a backend when `backendName` asks it to.
 *
 * Whole writes upload once; writes at offsets are collected in a host staging array and uploaded in
 * one piece when the parameter is complete or before it is read, so a chunked write of n elements
 * costs O(n), not O(n²). `read` downloads with `data()`. Failures inside tfjs become
 * `INITLIB_BACKEND_FAILURE` with the original error as `cause`.
 * @example
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * const backend = await createTfjsBackend({ tf, backendName: "cpu" });
 * const storage = await backend.allocate([2, 3]);
 * await backend.write(storage, new Float32Array([1, 2, 3, 4, 5, 6]), 0);
 * variableOf(storage).print();
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const tf = options.tf ?? (await loadTfjsCore());
  const tfjsBackendName = await selectTfjsBackend(tf, options.backendName);
  const name = options.name ?? `tfjs-${tfjsBackendName}`;
  const trainable = options.trainable ?? true;

  const assignWhole = (storage: TfjsStorage & { variable: TfjsVariable }, values: Float32Array, operation: string) => {
    try {
      tf.tidy(() => {
        storage.variable.assign(tf.tensor(values, storage.shape as number[], "float32"));
      });
    } catch (error) {
      throw backendFailure(name, operation, error);
    }
  };

  return {
    name,
    specVersion: BACKEND_SPEC_VERSION,
    tf,
    tfjsBackendName,
    allocate(shape) {
      const checked = validateShape(shape, name);
      const active = tf.getBackend();
      if (active !== tfjsBackendName) {
        throw new InitlibError("INITLIB_BACKEND_FAILURE", `the active tfjs backend changed from "${tfjsBackendName}" to "${active}"`, {
          path: "allocate",
          received: active,
          expected: `"${tfjsBackendName}", the backend this initlib backend was created for`,
          hint: `create a new initlib backend after tf.setBackend("${active}"), or switch back with tf.setBackend("${tfjsBackendName}")`,
        });
      }
      const size = checked.reduce((product, length) => product * length, 1);
      let variable: TfjsVariable;
      try {
        variable = tf.tidy(() => tf.variable(tf.zeros(checked, "float32"), trainable));
      } catch (error) {
        throw backendFailure(name, "allocate", error);
      }
      return new TfjsStorage(tf, name, checked, size, variable);
    },
    async write(storage, values, offset) {
      const open = openStorage(storage, "write");
      validateWrite(values, offset, open.size, name);
      if (values.length === 0) return;
      if (offset === 0 && values.length === open.size) {
        // The whole parameter: upload a copy (tfjs keeps the array it is given; callers reuse theirs).
        assignWhole(open, values.slice(), "write");
        open.writes.replaced();
        return;
      }
      const completed = await open.writes.patch(values, offset, async () => {
        try {
          return Float32Array.from(await open.variable.data());
        } catch (error) {
          throw backendFailure(name, "write", error);
        }
      });
      if (completed !== undefined) flushStorage(open, "write");
    },
    async read(storage) {
      const open = openStorage(storage, "read");
      flushStorage(open, "read");
      try {
        const data = await open.variable.data();
        return data instanceof Float32Array ? data.slice() : Float32Array.from(data as ArrayLike<number>);
      } catch (error) {
        throw backendFailure(name, "read", error);
      }
    },
    fill(storage, value) {
      const open = openStorage(storage, "fill");
      try {
        tf.tidy(() => {
          open.variable.assign(tf.fill(open.shape as number[], Math.fround(value), "float32"));
        });
      } catch (error) {
        throw backendFailure(name, "fill", error);
      }
      open.writes.replaced();
    },
    dispose(storage) {
      // Idempotent, like tf.dispose: a second dispose (or one after variableOf(storage).dispose()) is harmless.
      if (isTfjsStorage(storage) && storage.variable === null) return;
      const open: TfjsStorage = openStorageForDispose(storage);
      open.writes.clear();
      // A borrowed variable (a tfjs-layers model's) stays with its owner; only the reference goes.
      if (!open.borrowed) open.variable?.dispose();
      open.variable = null;
    },
    variableOf: (storage) => variableOf(storage),
  };
}
