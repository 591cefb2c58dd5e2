import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";

tf.env().set("IS_TEST", true);

describe("importing @initlib/backend-tfjs", () => {
  it("changes no global tfjs state: no backend registered, none selected", async () => {
    const registeredBefore = Object.keys(tf.engine().registryFactory);
    const activeBefore = tf.getBackend();
    expect(registeredBefore).toEqual([]);
    expect(activeBefore).toBeUndefined();
    const module = await import("../src/index");
    expect(typeof module.createTfjsBackend).toBe("function");
    expect(Object.keys(tf.engine().registryFactory)).toEqual(registeredBefore);
    expect(tf.getBackend()).toBe(activeBefore);
    // tf.memory() would initialize a backend itself; read the engine's counters directly.
    expect(tf.engine().state.numTensors).toBe(0);
    expect(Object.keys(tf.engine().state.registeredVariables)).toEqual([]);
  });

  it("registers and selects the cpu backend only when createTfjsCpuBackend() is called", async () => {
    const { createTfjsCpuBackend } = await import("../src/index");
    expect(tf.findBackendFactory("cpu")).toBeNull();
    const backend = await createTfjsCpuBackend();
    expect(tf.findBackendFactory("cpu")).not.toBeNull();
    expect(tf.getBackend()).toBe("cpu");
    expect(backend.name).toBe("tfjs-cpu");
    expect(backend.tfjsBackendName).toBe("cpu");
  });
});
