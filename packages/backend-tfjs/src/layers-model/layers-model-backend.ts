import type { StateTensor } from "@initlib/core";
import { generateRuleValues, type BackendRun, type CommittedStorage } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { TfjsBackend } from "../create-tfjs-backend";
import type { TfjsVariable } from "../tfjs-namespace";
import { backendFailure, flushStorage, isTfjsStorage, openStorage, TfjsStorage } from "../tfjs-storage";
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
 * The backend of a wrapped tfjs-layers model: a tfjs backend whose storages, once committed, hold the
 * model's own `tf.Variable`s, so the model computes with what initlib wrote.
 */
export interface LayersModelBackend extends TfjsBackend {
  /** The binding of every tensor of the wrapped tree. */
  readonly bindings: ReadonlyMap<StateTensor, VariableBinding>;
  /** Commits a run by moving each bound tensor's staged values into its model variable (see the factory). */
  beginRun(): BackendRun<TfjsStorage>;
}

/** @internal what `fromLayersModel` and the wrapped module need besides the backend itself. */
export interface LayersModelBinder {
  readonly backend: LayersModelBackend;
  /** True while `bindAll` runs: default rules must not read the model then. */
  readonly binding: boolean;
  /** Registers a tensor before the tree is materialized. */
  register(binding: VariableBinding): void;
  /** Runs `materialize`, whose commit binds every registered tensor to its variable without copying. */
  bindAll(materialize: () => Promise<unknown>): Promise<void>;
}

/**
 * Wraps `inner` so that tensors of a wrapped model hold the model's variables.
 *
 * initlib's `initWeights()` writes into fresh storages (stages) and, once every write succeeded,
 * commits the run: the commit hook moves each bound tensor's staged values into its model variable
 * with `variable.assign` (tfjs shares the data, no copy), disposes the staged variable with tfjs's
 * `dispose`, and makes the stage hold the model variable as a borrowed one. A rolled-back run never
 * reaches the model: its stages are disposed like any others. Disposing a storage that holds a model
 * variable only drops the reference: tfjs-layers owns the variable (`model.dispose()` frees it).
 *
 * A tree that contains the wrapped model is initialized on this backend (`backend: wrapped.backend`);
 * on another backend its tensors move to that backend and the model keeps its own values.
 */
export function createLayersModelBinder(inner: TfjsBackend): LayersModelBinder {
  const { tf } = inner;
  const bindings = new Map<StateTensor, VariableBinding>();
  /** Storages allocated while binding: they receive their model variable when the run commits. */
  const awaitingBinding = new WeakSet<TfjsStorage>();
  let binding = false;

  const bindingOf = (entry: CommittedStorage<TfjsStorage>): VariableBinding | undefined => bindings.get(entry.tensor as StateTensor);

  /** Everything a commit needs, checked before any model variable changes. */
  const checkCommit = (entry: CommittedStorage<TfjsStorage>, target: VariableBinding): void => {
    const staged = entry.staged;
    const problem = !isTfjsStorage(staged)
      ? "a storage of another backend"
      : !awaitingBinding.has(staged) && !isDeferred(staged) && (staged.variable === null || staged.variable.isDisposed)
        ? "a disposed storage"
        : staged.shape.join(",") !== target.variable.shape.join(",")
          ? `shape [${staged.shape.join(", ")}]`
          : undefined;
    if (problem === undefined) return;
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `${target.originalName} cannot take the values staged for ${entry.path}`, {
      path: entry.path,
      received: problem,
      expected: `a live storage of ${inner.name} of shape [${target.variable.shape.join(", ")}]`,
      hint: "wrap a model whose parameters are not shared with another initlib tree",
    });
  };

  /** Makes `staged` hold the model variable of `target`, moving its values there first unless it is being bound. */
  const commitInto = (staged: TfjsStorage, target: VariableBinding): void => {
    if (awaitingBinding.has(staged)) {
      awaitingBinding.delete(staged);
    } else {
      const open = openStorage(staged, "commit");
      flushStorage(open, "commit");
      const stagedVariable = open.variable;
      try {
        target.variable.assign(stagedVariable);
      } catch (error) {
        throw backendFailure(inner.name, `writing ${target.originalName} into the tfjs-layers model`, error);
      }
      tf.dispose(stagedVariable);
    }
    staged.variable = target.variable;
    staged.borrowed = true;
    staged.writes.replaced();
  };

  /** A storage allocated while binding: writes of the placeholder default are dropped. */
  const dropsWrites = (storage: unknown): boolean => isTfjsStorage(storage) && awaitingBinding.has(storage);

  const backend: LayersModelBackend = {
    ...inner,
    bindings,
    allocate(shape) {
      const checked = validateShape(shape, inner.name);
      const size = checked.reduce((product, length) => product * length, 1);
      if (binding) {
        // It receives the model's variable when the binding run commits; it holds no data of its own.
        const storage = new TfjsStorage(tf, inner.name, checked, size, null);
        awaitingBinding.add(storage);
        return storage;
      }
      // The tfjs backend reports a changed active backend.
      if (tf.getBackend() !== inner.tfjsBackendName) return inner.allocate(checked);
      return new DeferredStorage(tf, inner.name, checked, size);
    },
    write(storage, values, offset) {
      if (dropsWrites(storage)) return;
      return inner.write(storage, values, offset);
    },
    // The host generator over the whole parameter at once, uploaded in one piece: the same bits as
    // initlib's chunked fallback (the generator is counter-based), without a staging copy per chunk.
    // A storage that has no variable yet gets one holding the values (no zeros variable first).
    sample(storage, request) {
      if (dropsWrites(storage)) return;
      const deferred = isDeferred(storage);
      const open = deferred ? storage : openStorage(storage, "sample");
      const values = new Float32Array(open.size);
      generateRuleValues(request.rule, request.key, 0, values);
      try {
        if (deferred) {
          storage.install(tf.tidy(() => tf.variable(tf.tensor(values, [...open.shape], "float32"), true)));
          return;
        }
        const variable = open.variable!;
        tf.tidy(() => {
          variable.assign(tf.tensor(values, [...open.shape], "float32"));
        });
      } catch (error) {
        throw backendFailure(inner.name, "sample", error);
      }
      open.writes.replaced();
    },
    fill(storage, value) {
      if (dropsWrites(storage)) return;
      if (isDeferred(storage)) {
        try {
          storage.install(tf.tidy(() => tf.variable(tf.fill([...storage.shape], Math.fround(value), "float32"), true)));
        } catch (error) {
          throw backendFailure(inner.name, "fill", error);
        }
        return;
      }
      return inner.fill(storage, value);
    },
    dispose(storage) {
      if (isDeferred(storage)) {
        storage.release();
        return;
      }
      if (isTfjsStorage(storage)) awaitingBinding.delete(storage);
      // A borrowed model variable is only dereferenced (see TfjsStorage.borrowed).
      return inner.dispose(storage);
    },
    beginRun() {
      let state: "open" | "committed" | "disposed" = "open";
      return {
        commit(storages) {
          if (state !== "open") throw new InitlibError("INITLIB_DISPOSED", `backend ${inner.name}: commit on a run that was ${state} already`, { path: "run.commit" });
          const bound = storages.flatMap((entry) => {
            const target = bindingOf(entry);
            return target === undefined ? [] : [{ entry, target }];
          });
          for (const { entry, target } of bound) checkCommit(entry, target);
          for (const { entry, target } of bound) commitInto(entry.staged, target);
          state = "committed";
        },
        dispose() {
          // Stages of a rolled-back run were disposed by the framework through `dispose`; the
          // model's variables were never touched before a commit, so there is nothing to undo.
          if (state === "disposed") throw new InitlibError("INITLIB_DISPOSED", `backend ${inner.name}: dispose on a run that was disposed already`, { path: "run.dispose" });
          state = "disposed";
        },
      };
    },
  };

  return {
    backend,
    get binding() {
      return binding;
    },
    register(entry) {
      bindings.set(entry.tensor, entry);
    },
    async bindAll(materialize) {
      binding = true;
      try {
        await materialize();
      } finally {
        binding = false;
      }
      for (const entry of bindings.values()) {
        const storage = entry.tensor.storage;
        if (!isTfjsStorage(storage) || storage.variable !== entry.variable) {
          throw new InitlibError("INITLIB_BACKEND_FAILURE", `${entry.originalName} could not be bound to its tfjs-layers variable`, {
            path: entry.originalName,
            received: storage === undefined ? "no storage" : "a storage of another backend",
            expected: "a storage created while wrapping the model",
            hint: "wrap a model whose parameters are not shared with another initlib tree",
          });
        }
      }
    },
  };
}
