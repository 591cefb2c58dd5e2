import * as tf from "@tensorflow/tfjs-core";
import { variableOf } from "@initlib/backend-tfjs";
import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createNodeGpuBackend } from "../src/index";
import { standInTfjsNodeGpu } from "./stand-in-namespace";

// Everything here runs against a STAND-IN namespace (tfjs-core + CPU kernels named "tensorflow"):
// it tests how this adapter loads, checks and delegates, not libtensorflow or CUDA.

describe("adapter wiring, with an injected stand-in for tfjs-node-gpu", () => {
  it("delegates to createTfjsBackend on the 'tensorflow' tfjs backend, named node-gpu", async () => {
    const namespace = standInTfjsNodeGpu();
    const backend = await createNodeGpuBackend({ load: async () => namespace });
    expect(backend.name).toBe("node-gpu");
    expect(backend.tfjsBackendName).toBe("tensorflow");
    expect(tf.getBackend()).toBe("tensorflow");
    const storage = await backend.allocate([2, 2]);
    await backend.write(storage, new Float32Array([1, 2, 3, 4]), 0);
    expect(variableOf(storage)).toBeInstanceOf(tf.Variable);
    expect(Array.from(await backend.read(storage))).toEqual([1, 2, 3, 4]);
    backend.dispose(storage);
  });

  it("accepts a CommonJS module whose namespace is its default export", async () => {
    const namespace = standInTfjsNodeGpu();
    const backend = await createNodeGpuBackend({ load: async () => ({ default: namespace }), name: "gpu0", trainable: false });
    expect(backend.name).toBe("gpu0");
    const storage = await backend.allocate([1]);
    expect(variableOf(storage).trainable).toBe(false);
    backend.dispose(storage);
  });

  it("requireGpuDevice fails when libtensorflow reports no CUDA device, and passes when it reports one", async () => {
    const onCpu = standInTfjsNodeGpu({ usingGpuDevice: false });
    const error = await createNodeGpuBackend({ load: async () => onCpu, requireGpuDevice: true }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect((error as Error).message).toContain("found no usable CUDA device");
    const onGpu = standInTfjsNodeGpu({ usingGpuDevice: true });
    const backend = await createNodeGpuBackend({ load: async () => onGpu, requireGpuDevice: true });
    expect(backend.tfjsBackendName).toBe("tensorflow");
  });

  it("a loaded namespace without the 'tensorflow' backend is a missing capability", async () => {
    const namespace = { ...standInTfjsNodeGpu(), findBackendFactory: () => null };
    const error = await createNodeGpuBackend({ load: async () => namespace }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect((error as Error).message).toContain('registered no "tensorflow" tfjs backend');
  });
});

describeBackendConformance(
  "node-gpu adapter over the stand-in namespace (wiring only)",
  () => createNodeGpuBackend({ load: async () => standInTfjsNodeGpu() }),
  { liveAllocations: () => tf.memory().numTensors },
);
