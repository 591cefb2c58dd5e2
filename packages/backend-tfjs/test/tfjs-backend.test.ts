import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { InitlibError } from "@initlib/registry";
import { beforeAll, describe, expect, it } from "vitest";
import { createTfjsBackend, isTfjsStorage, variableOf, type TfjsBackend } from "../src/index";
import { loadOptionalModule } from "../src/load-optional-module";

tf.env().set("IS_TEST", true);

async function codeOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (InitlibError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error("expected an InitlibError, nothing was thrown");
}

let backend: TfjsBackend;
beforeAll(async () => {
  backend = await createTfjsBackend({ tf, backendName: "cpu" });
});

describe("createTfjsBackend: storages are tf.Variables", () => {
  it("exposes the variable of a storage, with the written values and the parameter's shape", async () => {
    const storage = await backend.allocate([2, 3]);
    await backend.write(storage, new Float32Array([1, 2, 3, 4, 5, 6]), 0);
    const variable = variableOf(storage);
    expect(variable).toBeInstanceOf(tf.Variable);
    expect(variable.shape).toEqual([2, 3]);
    expect(variable.dtype).toBe("float32");
    expect(variable.trainable).toBe(true);
    expect(Array.from(await variable.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(backend.variableOf(storage)).toBe(variable);
    backend.dispose(storage);
    expect(variable.isDisposed).toBe(true);
  });

  it("uploads chunked writes once the parameter is complete, and flushes pending ones for variableOf", async () => {
    const storage = await backend.allocate([10]);
    await backend.write(storage, new Float32Array([1, 2, 3, 4]), 0);
    expect(storage.staging).not.toBeNull();
    await backend.write(storage, new Float32Array([5, 6, 7, 8, 9, 10]), 4);
    expect(storage.staging).toBeNull();
    expect(Array.from(variableOf(storage).dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    await backend.write(storage, new Float32Array([-1]), 5);
    expect(storage.staging).not.toBeNull();
    expect(Array.from(variableOf(storage).dataSync())).toEqual([1, 2, 3, 4, 5, -1, 7, 8, 9, 10]);
    expect(storage.staging).toBeNull();
    backend.dispose(storage);
  });

  it("keeps values assigned to the variable directly when a partial write follows", async () => {
    const storage = await backend.allocate([4]);
    const variable = variableOf(storage);
    tf.tidy(() => variable.assign(tf.tensor1d([9, 9, 9, 9])));
    await backend.write(storage, new Float32Array([1]), 2);
    expect(Array.from(await backend.read(storage))).toEqual([9, 9, 1, 9]);
    backend.dispose(storage);
  });

  it("honours trainable and name", async () => {
    const frozen = await createTfjsBackend({ tf, trainable: false, name: "frozen-cpu" });
    expect(frozen.name).toBe("frozen-cpu");
    const storage = await frozen.allocate([3]);
    expect(variableOf(storage).trainable).toBe(false);
    frozen.dispose(storage);
  });

  it("dispose is idempotent and tolerates a variable the caller already disposed", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const storage = await backend.allocate([5]);
    variableOf(storage).dispose();
    backend.dispose(storage);
    backend.dispose(storage);
    expect(isTfjsStorage(storage)).toBe(true);
    expect(await codeOf(() => backend.read(storage))).toBe("INITLIB_DISPOSED");
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("createTfjsBackend: bad input", () => {
  it("names the disposed parameter's shape and how to recover", async () => {
    const storage = await backend.allocate([2, 2]);
    backend.dispose(storage);
    const error = await backend.read(storage).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_DISPOSED");
    expect(String((error as Error).message)).toContain("[2, 2]");
    expect(() => variableOf(storage)).toThrow(/disposed/);
  });

  it("rejects wrong lengths, offsets, value types and shapes with the values received", async () => {
    const storage = await backend.allocate([3]);
    const tooLong = await Promise.resolve(backend.write(storage, new Float32Array(4), 0)).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(tooLong) && tooLong.code).toBe("INITLIB_BAD_SHAPE");
    expect((tooLong as Error).message).toContain("3-element");
    expect(await codeOf(() => backend.write(storage, [1, 2] as unknown as Float32Array, 0))).toBe("INITLIB_BAD_ARGUMENT");
    expect(await codeOf(() => backend.write(storage, new Float32Array(1), -2))).toBe("INITLIB_BAD_ARGUMENT");
    expect(await codeOf(() => backend.allocate([2, -3]))).toBe("INITLIB_BAD_SHAPE");
    expect(await codeOf(() => backend.read({ shape: [3] } as never))).toBe("INITLIB_BAD_ARGUMENT");
    backend.dispose(storage);
  });

  it("refuses a tfjs backend that is not registered, listing the registered ones", async () => {
    const error = await createTfjsBackend({ tf, backendName: "webgpu" }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect((error as Error).message).toContain("cpu");
    expect((error as Error).message).toContain("@tensorflow/tfjs-backend-webgpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("refuses to allocate after the active tfjs backend changed underneath", async () => {
    tf.registerBackend("other-cpu", () => new (tf.findBackend("cpu")!.constructor as new () => tf.KernelBackend)());
    try {
      const onCpu = await createTfjsBackend({ tf, backendName: "cpu" });
      await tf.setBackend("other-cpu");
      const error = await Promise.resolve()
        .then(() => onCpu.allocate([2]))
        .catch((caught: unknown) => caught);
      expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
      expect((error as Error).message).toContain('from "cpu" to "other-cpu"');
    } finally {
      await tf.setBackend("cpu");
      tf.removeBackend("other-cpu");
    }
  });

  it("says what to install when a lazily imported package is absent", async () => {
    const missing = "@tensorflow/tfjs-not-installed-anywhere";
    const error = await loadOptionalModule(() => import(/* @vite-ignore */ missing), missing, {
      needed: "the test needs it",
      install: `npm install ${missing}`,
    }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect((error as Error).message).toContain(`npm install ${missing}`);
    expect((error as Error).message).toContain(`@initlib/backend-tfjs cannot load ${missing} (the package ${missing} is not installed); the test needs it`);
    expect((error as Error).cause).toBeDefined();
  });

  it("reports a peer that is installed but fails while loading as a backend failure, not as missing", async () => {
    const broken = new SyntaxError("Unexpected token '<'");
    const error = await loadOptionalModule(() => Promise.reject(broken), "@tensorflow/tfjs-core", {
      adapter: "@initlib/backend-webgpu",
      needed: "the test needs it",
      install: "npm install @tensorflow/tfjs-core",
    }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect((error as Error).message).toContain("@initlib/backend-webgpu: loading @tensorflow/tfjs-core failed");
    expect((error as Error).cause).toBe(broken);
  });
});
