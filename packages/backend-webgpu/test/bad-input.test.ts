import { beforeAll, describe, expect, it, vi } from "vitest";
import { createWebGpuBackend, type WebGpuBackend, type WebGpuParameter } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";
import { rejectionOf } from "@initlib/initializers/testing";

const environment = await setUpNodeWebGpu();


describe.skipIf(!environment.available)("bad input on the webgpu backend", () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    if (environment.available) backend = await createWebGpuBackend({ tf: environment.tf });
  });

  it("rejects shapes that are not lists of non-negative integers", async () => {
    for (const shape of [[-1], [2.5], [Number.NaN], "3" as unknown as number[]]) {
      const error = await rejectionOf(backend.allocate(shape));
      expect(error.code).toBe("INITLIB_BAD_SHAPE");
      expect(error.received).toEqual(shape);
    }
  });

  it("rejects writes of the wrong length or offset and leaves the values alone", async () => {
    const parameter = await backend.allocate([2, 3]);
    await backend.write(parameter, new Float32Array([1, 2, 3, 4, 5, 6]), 0);
    const tooLong = await rejectionOf(backend.write(parameter, new Float32Array(7), 0));
    expect(tooLong.code).toBe("INITLIB_BAD_SHAPE");
    expect(tooLong.message).toContain("offset + length <= 6");
    expect((await rejectionOf(backend.write(parameter, new Float32Array(2), 5))).code).toBe("INITLIB_BAD_SHAPE");
    // The offset is an argument, not a shape: the same code as every tfjs-based adapter (one validation).
    expect((await rejectionOf(backend.write(parameter, new Float32Array(1), -1))).code).toBe("INITLIB_BAD_ARGUMENT");
    expect((await rejectionOf(backend.write(parameter, new Float32Array(1), 0.5))).code).toBe("INITLIB_BAD_ARGUMENT");
    const notFloat32 = await rejectionOf(backend.write(parameter, [1, 2] as unknown as Float32Array, 0));
    expect(notFloat32.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(await backend.read(parameter)).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    // A partial write in the middle keeps both sides.
    await backend.write(parameter, new Float32Array([9, 8]), 2);
    expect(await backend.read(parameter)).toEqual(new Float32Array([1, 2, 9, 8, 5, 6]));
    backend.dispose(parameter);
  });

  it("copies written values, so a reused chunk buffer cannot change a parameter afterwards", async () => {
    const parameter = await backend.allocate([4]);
    const chunk = new Float32Array([1, 2, 3, 4]);
    await backend.write(parameter, chunk, 0);
    chunk.fill(-1);
    expect(await backend.read(parameter)).toEqual(new Float32Array([1, 2, 3, 4]));
    backend.dispose(parameter);
  });

  it("fails with INITLIB_DISPOSED on every use of a disposed parameter", async () => {
    const parameter = await backend.allocate([3]);
    backend.dispose(parameter);
    backend.dispose(parameter);
    expect(parameter.disposed).toBe(true);
    expect((await rejectionOf(backend.read(parameter))).code).toBe("INITLIB_DISPOSED");
    expect((await rejectionOf(backend.write(parameter, new Float32Array(3), 0))).code).toBe("INITLIB_DISPOSED");
    expect((await rejectionOf(backend.fill(parameter, 1))).code).toBe("INITLIB_DISPOSED");
    const sampled = await rejectionOf(backend.sample(parameter, { rule: { kind: "normal", mean: 0, std: 1 }, key: { seed: 0, path: "w" } }));
    expect(sampled.code).toBe("INITLIB_DISPOSED");
    expect(sampled.message).toContain("sample on a disposed parameter");
    expect(() => parameter.variable).toThrowError(/disposed/);
  });

  it("rejects storage from elsewhere and malformed sample requests", async () => {
    const foreign = { shape: [1], size: 1 } as unknown as WebGpuParameter;
    expect((await rejectionOf(backend.read(foreign))).code).toBe("INITLIB_BAD_ARGUMENT");
    const parameter = await backend.allocate([4]);
    const badKey = await rejectionOf(backend.sample(parameter, { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: -1, path: "w" } }));
    expect(badKey.code).toBe("INITLIB_BAD_ARGUMENT");
    const badStd = await rejectionOf(backend.sample(parameter, { rule: { kind: "normal", mean: 0, std: -1 }, key: { seed: 0, path: "w" } }));
    expect(badStd.code).toBe("INITLIB_BAD_ARGUMENT");
    const notFinite = await rejectionOf(
      backend.sample(parameter, { rule: { kind: "uniform", low: 0, high: Number.POSITIVE_INFINITY }, key: { seed: 0, path: "w" } }),
    );
    expect(notFinite.code).toBe("INITLIB_BAD_ARGUMENT");
    backend.dispose(parameter);
  });

  it("turns a failing device program into INITLIB_BACKEND_FAILURE and keeps the parameter's values", async () => {
    const { tf } = backend;
    const parameter = await backend.allocate([5]);
    await backend.write(parameter, new Float32Array([1, 2, 3, 4, 5]), 0);
    const variableBefore = parameter.variable;
    const tensorsBefore = tf.memory().numTensors;
    const kernelBackend = tf.backend() as unknown as { runWebGPUProgram: () => unknown };
    const spy = vi.spyOn(kernelBackend, "runWebGPUProgram").mockImplementationOnce(() => {
      throw new Error("simulated dispatch failure");
    });
    try {
      const error = await rejectionOf(backend.sample(parameter, { rule: { kind: "normal", mean: 0, std: 1 }, key: { seed: 0, path: "w" } }));
      expect(error.code).toBe("INITLIB_BACKEND_FAILURE");
      expect((error.cause as Error).message).toBe("simulated dispatch failure");
      expect(error.message).toContain("keeps its previous values");
    } finally {
      spy.mockRestore();
    }
    expect(parameter.variable).toBe(variableBefore);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await backend.read(parameter)).toEqual(new Float32Array([1, 2, 3, 4, 5]));
    backend.dispose(parameter);
  });

  it("refuses to work when tfjs's active backend is no longer webgpu", async () => {
    const { tf } = backend;
    const parameter = await backend.allocate([2]);
    await import("@tensorflow/tfjs-backend-cpu");
    await tf.setBackend("cpu");
    try {
      const error = await rejectionOf(backend.fill(parameter, 1));
      expect(error.code).toBe("INITLIB_BACKEND_FAILURE");
      expect(error.received).toBe("cpu");
    } finally {
      await tf.setBackend("webgpu");
    }
    backend.dispose(parameter);
  });
});
