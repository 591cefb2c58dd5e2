import { describeValue, InitlibError } from "@initlib/registry";
import type { Backend, BackendRun, CommittedStorage } from "./backend";

/**
 * The framework's side of a {@link BackendRun}: it calls the backend's hooks at most once each,
 * whatever the caller does, and turns a backend's failure into `INITLIB_BACKEND_FAILURE` naming
 * the backend and the hook. A backend without `beginRun` gets a run whose hooks do nothing.
 */
export interface StartedBackendRun<Storage = unknown> {
  /** The backend the run is on. */
  readonly backend: Backend<Storage>;
  /** `open` until `commit` succeeded (`committed`) or `dispose` ran (`disposed`). */
  readonly state: "open" | "committed" | "disposed";
  /**
   * Calls the backend's `commit` hook once. A second call, or a call after `dispose`, is refused with
   * `INITLIB_DISPOSED`; a hook that throws leaves the run open, to be rolled back by `dispose`.
   */
  commit(storages: readonly CommittedStorage<Storage>[]): Promise<void>;
  /** Calls the backend's `dispose` hook once; later calls do nothing. Never throws when the run failed already. */
  dispose(): Promise<void>;
  /** Same as {@link StartedBackendRun.dispose}, for `await using run = await startBackendRun(backend)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

function hookFailure(backend: Backend<unknown>, hook: string, cause: unknown): InitlibError {
  if (InitlibError.isInstance(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : describeValue(cause);
  return new InitlibError("INITLIB_BACKEND_FAILURE", `the ${hook} hook of backend ${backend.name} failed: ${reason}`, {
    path: `backend.${hook}`,
    hint: "see the cause; the call was rolled back and the model keeps its previous values",
    cause,
  });
}

function checkRun(backend: Backend<unknown>, run: unknown): BackendRun<unknown> {
  const candidate = run as Partial<BackendRun<unknown>> | null;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.commit !== "function" || typeof candidate.dispose !== "function") {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `beginRun() of backend ${backend.name} returned no run with commit() and dispose()`, {
      path: "backend.beginRun",
      received: describeValue(run),
      expected: "an object with the methods commit(storages) and dispose()",
      hint: "return { commit, dispose } from beginRun (see BackendRun), or leave beginRun out",
    });
  }
  return candidate as BackendRun<unknown>;
}

/**
 * Opens a run on `backend` (its `beginRun` hook, when it has one). The framework calls this once per
 * `initWeights()` call before the first allocation, `commit` once every staged write succeeded, and
 * `dispose` at the end in every case; custom drivers and the conformance kit do the same.
 * @example
 * const run = await startBackendRun(backend);
 * try {
 *   const staged = await backend.allocate([2]);
 *   await backend.fill(staged, 1);
 *   await run.commit([{ tensor, path: "weight", staged, replaced: undefined }]);
 * } finally {
 *   await run.dispose();
 * }
 */
export async function startBackendRun<Storage>(backend: Backend<Storage>): Promise<StartedBackendRun<Storage>> {
  let hooks: BackendRun<Storage> | undefined;
  if (backend.beginRun !== undefined) {
    let opened: unknown;
    try {
      opened = await backend.beginRun();
    } catch (error) {
      throw hookFailure(backend as Backend<unknown>, "beginRun", error);
    }
    hooks = checkRun(backend as Backend<unknown>, opened) as BackendRun<Storage>;
  }
  let state: StartedBackendRun<Storage>["state"] = "open";
  const dispose = async (): Promise<void> => {
    if (state === "disposed") return;
    state = "disposed";
    if (hooks === undefined) return;
    try {
      await hooks.dispose();
    } catch (error) {
      throw hookFailure(backend as Backend<unknown>, "dispose", error);
    }
  };
  return {
    backend,
    get state() {
      return state;
    },
    async commit(storages) {
      if (state !== "open") {
        throw new InitlibError("INITLIB_DISPOSED", `a run on backend ${backend.name} was ${state} already`, {
          path: "run.commit",
          received: state,
          expected: "an open run: commit is called once, before dispose",
          hint: "start a new run with startBackendRun(backend)",
        });
      }
      if (hooks !== undefined) {
        try {
          await hooks.commit(storages);
        } catch (error) {
          throw hookFailure(backend as Backend<unknown>, "commit", error);
        }
      }
      state = "committed";
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
