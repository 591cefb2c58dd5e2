import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import type { Backend, BackendRun, CommittedStorage } from "./backend";
import { startBackendRun } from "./backend-run";
import { createHostBackend } from "./host-backend";

/** The host backend with run hooks that record every call. */
function recordingBackend(overrides: Partial<BackendRun<Float32Array>> = {}): { backend: Backend<Float32Array>; calls: string[] } {
  const calls: string[] = [];
  const backend: Backend<Float32Array> = {
    ...createHostBackend(),
    name: "recording",
    beginRun() {
      calls.push("begin");
      return {
        commit(storages: readonly CommittedStorage<Float32Array>[]) {
          calls.push(`commit ${storages.map((entry) => entry.path).join(",")}`);
          return overrides.commit?.(storages);
        },
        dispose() {
          calls.push("dispose");
          return overrides.dispose?.();
        },
      };
    },
  };
  return { backend, calls };
}

/** The InitlibError `promise` rejects with (fails the test when it resolves). */
const errorOf = async (promise: Promise<unknown>): Promise<InitlibError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InitlibError.isInstance(error)).toBe(true);
  return error as InitlibError;
};

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return InitlibError.isInstance(error) ? error.code : undefined;
};

describe("startBackendRun", () => {
  it("calls commit once and dispose once on success, whatever the caller repeats", async () => {
    const { backend, calls } = recordingBackend();
    const run = await startBackendRun(backend);
    const staged = backend.allocate([2]) as Float32Array;
    await run.commit([{ tensor: {}, path: "fc.weight", staged, replaced: undefined }]);
    expect(run.state).toBe("committed");
    expect(await codeOf(run.commit([]))).toBe("INITLIB_DISPOSED");
    await run.dispose();
    await run.dispose();
    expect(run.state).toBe("disposed");
    expect(calls).toEqual(["begin", "commit fc.weight", "dispose"]);
  });

  it("rolls back with dispose alone, and refuses a commit after it", async () => {
    const { backend, calls } = recordingBackend();
    {
      await using run = await startBackendRun(backend);
      expect(run.state).toBe("open");
    }
    expect(calls).toEqual(["begin", "dispose"]);
    const run = await startBackendRun(backend);
    await run.dispose();
    expect(await codeOf(run.commit([]))).toBe("INITLIB_DISPOSED");
    expect(calls).toEqual(["begin", "dispose", "begin", "dispose"]);
  });

  it("a failing commit leaves the run open for the roll back and names the backend and the hook", async () => {
    const { backend, calls } = recordingBackend({
      commit: () => {
        throw new Error("device lost");
      },
    });
    const run = await startBackendRun(backend);
    const error = await errorOf(run.commit([]));
    expect(error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(error.message).toContain("the commit hook of backend recording failed: device lost");
    expect(run.state).toBe("open");
    await run.dispose();
    expect(calls).toEqual(["begin", "commit ", "dispose"]);
  });

  it("gives a backend without beginRun a run that does nothing", async () => {
    const host = createHostBackend();
    const run = await startBackendRun(host);
    await run.commit([]);
    await run.dispose();
    expect(run.state).toBe("disposed");
  });

  it("refuses a beginRun that returns no hooks, and wraps one that throws", async () => {
    const empty = { ...createHostBackend(), name: "empty", beginRun: () => ({}) as BackendRun<Float32Array> };
    expect(await codeOf(startBackendRun(empty))).toBe("INITLIB_MISSING_CAPABILITY");
    const throwing = {
      ...createHostBackend(),
      name: "throwing",
      beginRun: (): BackendRun<Float32Array> => {
        throw new Error("no device");
      },
    };
    const error = await errorOf(startBackendRun(throwing));
    expect([error.code, error.path]).toEqual(["INITLIB_BACKEND_FAILURE", "backend.beginRun"]);
  });
});
