import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import { InitlibError } from "@initlib/registry";
import { afterAll, describe, expect, it } from "vitest";
import { BaseModule, Linear, silentLogger } from "@initlib/core";
import { createTfjsBackend } from "../src/index";

tf.env().set("IS_TEST", true);

/**
 * tfjs's CPU backend, except that uploads fail while `failing` is set, or once `uploadsLeft` reaches
 * zero: a device lost mid-init.
 */
class FailingCpuBackend extends MathBackendCPU {
  failing = false;
  uploadsLeft = Infinity;
  override write(values: Parameters<MathBackendCPU["write"]>[0], shape: number[], dtype: Parameters<MathBackendCPU["write"]>[2]) {
    if (this.uploadsLeft <= 0) this.failing = true;
    this.uploadsLeft -= 1;
    if (this.failing) throw new Error("device lost");
    return super.write(values, shape, dtype);
  }
}

const device = new FailingCpuBackend();
tf.registerBackend("failing-cpu", () => device);
for (const kernel of tf.getKernelsForBackend("cpu")) tf.registerKernel({ ...kernel, backendName: "failing-cpu" });

afterAll(() => {
  for (const kernel of tf.getKernelsForBackend("failing-cpu")) tf.unregisterKernel(kernel.kernelName, "failing-cpu");
  tf.removeBackend("failing-cpu");
});

describe("a tfjs backend that fails mid-write", () => {
  it("raises INITLIB_BACKEND_FAILURE with the tfjs error as cause, keeps the old values and leaks nothing", async () => {
    const backend = await createTfjsBackend({ tf, backendName: "failing-cpu" });
    expect(tf.getBackend()).toBe("failing-cpu");
    const storage = await backend.allocate([2, 4]);
    await backend.write(storage, new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), 0);
    const tensors = tf.memory().numTensors;

    device.failing = true;
    const operations: [string, () => unknown][] = [
      ["write", () => backend.write(storage, new Float32Array(8).fill(-1), 0)],
      ["write", () => backend.write(storage, new Float32Array(8).fill(-1), 0)],
      ["fill", () => backend.fill(storage, 3)],
      ["allocate", () => backend.allocate([3])],
    ];
    for (const [operation, run] of operations) {
      const error = await Promise.resolve().then(run).catch((caught: unknown) => caught);
      expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
      expect((error as Error).message).toContain(`during ${operation}: device lost`);
      expect(((error as Error).cause as Error).message).toBe("device lost");
    }
    // A chunked write fails when its last chunk completes the parameter and triggers the upload.
    await backend.write(storage, new Float32Array([0, 0, 0, 0]), 0);
    const chunkError = await Promise.resolve(backend.write(storage, new Float32Array([0, 0, 0, 0]), 4)).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(chunkError) && chunkError.code).toBe("INITLIB_BACKEND_FAILURE");
    device.failing = false;

    expect(Array.from(await backend.read(storage))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(tf.memory().numTensors).toBe(tensors);
    backend.dispose(storage);
  });
});

class TwoLayers extends BaseModule {
  static override readonly typeName = "TwoLayers";
  first = new Linear({ inFeatures: 8, outFeatures: 8 });
  second = new Linear({ inFeatures: 8, outFeatures: 4 });
  constructor() {
    super({ type: "Normal", layer: "Linear", std: 0.5 });
  }
}

describe("a device lost in the middle of initWeights", () => {
  it("rejects with INITLIB_BACKEND_FAILURE, leaves the model uninitialized and frees what it allocated", async () => {
    const backend = await createTfjsBackend({ tf, backendName: "failing-cpu" });
    const tensors = tf.memory().numTensors;
    const model = new TwoLayers();
    device.failing = false;
    device.uploadsLeft = 5; // allocations and the first writes succeed, a later upload fails
    const error = await model.initWeights({ backend, seed: 3, logger: silentLogger }).catch((caught: unknown) => caught);
    device.uploadsLeft = Infinity;
    device.failing = false;
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(model.isInit).toBe(false);
    expect(tf.memory().numTensors).toBe(tensors);
    // A retry on a working device behaves like a first call.
    await model.initWeights({ backend, seed: 3, logger: silentLogger });
    expect(model.isInit).toBe(true);
    expect((await model.second.weight!.read()).length).toBe(32);
  });
});
