import type { StateTensor } from "@initlib/core";
import { generateRuleValues } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { TfjsBackend } from "../create-tfjs-backend";
import type { TfjsVariable } from "../tfjs-namespace";
import { backendFailure, isTfjsStorage, openStorage, TfjsStorage, variableOf } from "../tfjs-storage";
import { validateShape } from "../validate-storage-arguments";
import { DeferredStorage, isDeferred } from "./deferred-storage";

/** A tensor of a wrapped model and the tfjs-layers variable it stands for. */
export interface VariableBinding {
  readonly tensor: StateTensor;
  /** The model's `tf.Variable` (what `LayerVariable.read()` returns). */
  readonly variable: TfjsVariable;
  /** `<layer>/<weight>` as tfjs names it. */
  readonly originalName: string;
}

/**
 * The backend of a wrapped tfjs-layers model: a tfjs backend whose storages, once bound, hold the
 * model's own `tf.Variable`s, so every write into a parameter is a write into the model.
 */
export interface LayersModelBackend extends TfjsBackend {
  /** The binding of every tensor of the wrapped tree. */
  readonly bindings: ReadonlyMap<StateTensor, VariableBinding>;
}

/** @internal what `fromLayersModel` and the wrapped module need besides the backend itself. */
export interface LayersModelBinder {
  readonly backend: LayersModelBackend;
  /** True while `bindAll` runs: default rules must not read the model then. */
  readonly binding: boolean;
  /** Registers a tensor before the tree is materialized. */
  register(binding: VariableBinding): void;
  /** Runs `materialize` with allocations that hold no data, then binds every tensor to its variable. */
  bindAll(materialize: () => Promise<unknown>): Promise<void>;
  /** Makes every tensor's storage hold its model variable again (after a write swapped storages). */
  rebindAll(): Promise<void>;
}

/**
 * Wraps `inner` so that storages can be bound to existing model variables.
 *
 * initlib's `initWeights()` writes into fresh storages and swaps them in when every write succeeded,
 * then disposes the old ones. Disposing a bound storage therefore means "the tensor now has new
 * values in another storage": the model variable takes those values (`assign` shares the data, no
 * copy), the fresh storage is re-pointed at the model variable, and the model variable itself is
 * never disposed (tfjs-layers owns it; `model.dispose()` frees it).
 */
export function createLayersModelBinder(inner: TfjsBackend): LayersModelBinder {
  const { tf } = inner;
  const bindings = new Map<StateTensor, VariableBinding>();
  const bound = new Map<TfjsStorage, VariableBinding>();
  const allocated = new WeakSet<TfjsStorage>();
  let placeholder: TfjsVariable | undefined;

  const bind = (storage: TfjsStorage, binding: VariableBinding): void => {
    storage.variable = binding.variable;
    storage.staging = null;
    storage.stagedPrefix = 0;
    storage.pristine = false;
    bound.set(storage, binding);
  };

  /** The tensor's current storage holds other values than its variable: move them in. */
  const adopt = async (binding: VariableBinding): Promise<void> => {
    const current = binding.tensor.storage;
    if (current === undefined) return;
    if (isTfjsStorage(current) && bound.get(current)?.variable === binding.variable && current.variable === binding.variable) return;
    try {
      if (isTfjsStorage(current) && allocated.has(current)) {
        const fresh = variableOf(current);
        if (fresh !== binding.variable) {
          binding.variable.assign(fresh);
          fresh.dispose();
        }
        bind(current, binding);
        return;
      }
      // Written on another backend (the wrapped model sits in a larger tree initialized elsewhere):
      // the model takes a copy of the values; the tensor stays on that backend.
      const values = await binding.tensor.read();
      tf.tidy(() => binding.variable.assign(tf.tensor(values, [...binding.tensor.shape], "float32")));
    } catch (error) {
      throw backendFailure(inner.name, `writing ${binding.originalName} into the tfjs-layers model`, error);
    }
  };

  /** A storage made while binding, which holds the placeholder until it is bound: writes are dropped. */
  const holdsPlaceholder = (storage: TfjsStorage): boolean =>
    placeholder !== undefined && isTfjsStorage(storage) && !isDeferred(storage) && storage.variable === placeholder;

  const backend: LayersModelBackend = {
    ...inner,
    bindings,
    allocate(shape) {
      if (placeholder !== undefined) {
        // Binding: the storage gets the model's variable right after materialization; hold no data.
        const size = shape.reduce((product, length) => product * length, 1);
        return new TfjsStorage(tf, inner.name, [...shape], size, placeholder);
      }
      const checked = validateShape(shape, inner.name);
      // The tfjs backend reports a changed active backend.
      if (tf.getBackend() !== inner.tfjsBackendName) return inner.allocate(checked);
      const storage = new DeferredStorage(tf, inner.name, checked, checked.reduce((product, length) => product * length, 1));
      allocated.add(storage);
      return storage;
    },
    write(storage, values, offset) {
      if (holdsPlaceholder(storage)) return;
      return inner.write(storage, values, offset);
    },
    // The host generator over the whole parameter at once, uploaded in one piece: the same bits as
    // initlib's chunked fallback (the generator is counter-based), without a staging copy per chunk.
    // A storage that has no variable yet gets one holding the values (no zeros variable first).
    sample(storage, request) {
      if (holdsPlaceholder(storage)) return;
      const deferred = isDeferred(storage);
      const open = deferred ? storage : openStorage(storage, "sample");
      const values = new Float32Array(open.size);
      generateRuleValues(request.rule, request.key, 0, values);
      try {
        if (deferred) {
          storage.adopt(tf.tidy(() => tf.variable(tf.tensor(values, [...open.shape], "float32"), true)));
          return;
        }
        const variable = open.variable!;
        tf.tidy(() => {
          variable.assign(tf.tensor(values, [...open.shape], "float32"));
        });
      } catch (error) {
        throw backendFailure(inner.name, "sample", error);
      }
      open.staging = null;
      open.stagedPrefix = 0;
      open.pristine = false;
    },
    fill(storage, value) {
      if (holdsPlaceholder(storage)) return;
      if (isDeferred(storage)) {
        try {
          storage.adopt(tf.tidy(() => tf.variable(tf.fill([...storage.shape], Math.fround(value), "float32"), true)));
        } catch (error) {
          throw backendFailure(inner.name, "fill", error);
        }
        return;
      }
      return inner.fill(storage, value);
    },
    async dispose(storage) {
      const binding = isTfjsStorage(storage) ? bound.get(storage) : undefined;
      if (binding === undefined) {
        if (isDeferred(storage)) {
          storage.release();
          return;
        }
        if (isTfjsStorage(storage) && storage.variable === placeholder) return;
        await inner.dispose(storage);
        return;
      }
      bound.delete(storage as TfjsStorage);
      // Released by its tensor (param.dispose()): the variable stays with the model.
      if (binding.tensor.storage === storage) return;
      await adopt(binding);
    },
  };

  return {
    backend,
    get binding() {
      return placeholder !== undefined;
    },
    register(binding) {
      bindings.set(binding.tensor, binding);
    },
    async bindAll(materialize) {
      placeholder = tf.tidy(() => tf.variable(tf.scalar(0, "float32"), false));
      try {
        await materialize();
        for (const binding of bindings.values()) {
          const storage = binding.tensor.storage;
          if (!isTfjsStorage(storage) || storage.variable !== placeholder) {
            throw new InitlibError("INITLIB_BACKEND_FAILURE", `${binding.originalName} could not be bound to its tfjs-layers variable`, {
              path: binding.originalName,
              received: storage === undefined ? "no storage" : "a storage of another backend",
              expected: "a storage created while wrapping the model",
              hint: "wrap a model whose parameters are not shared with another initlib tree",
            });
          }
          bind(storage, binding);
        }
      } finally {
        placeholder.dispose();
        placeholder = undefined;
      }
    },
    async rebindAll() {
      for (const binding of bindings.values()) await adopt(binding);
    },
  };
}
