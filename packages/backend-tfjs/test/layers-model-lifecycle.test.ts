import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { BaseModule, Linear, silentLogger } from "@initlib/core";
import type { BackendRun, CommittedStorage, SampleRequest } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { beforeAll, describe, expect, it } from "vitest";
import { fromLayersModel, variableOf, type LayersModelBackend, type TfjsStorage, type WrappedLayersModel } from "../src/index";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function mlp(): tfl.Sequential {
  return tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [16], units: 32, name: "fc1" }), tfl.layers.dense({ units: 8, name: "fc2" })],
  });
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((tensor) => (tensor.dataSync() as Float32Array).slice());
}

/** A tree holding the wrapped model and a Linear of its own, as users nest a backbone. */
function netAround(wrapped: WrappedLayersModel): BaseModule {
  class Net extends BaseModule {
    static override readonly typeName = "Net";
    backbone = wrapped;
    head = new Linear({ inFeatures: 8, outFeatures: 4 });
    constructor() {
      super({ type: "Normal", layer: ["Dense", "Linear"], std: 0.1 });
    }
  }
  return new Net();
}

/** The wrapped model's backend, with its run hooks counted and `sample` able to fail after some calls. */
function instrumented(backend: LayersModelBackend, options: { samplesBeforeFailure?: number; refuseCommit?: boolean } = {}) {
  const counts = { begin: 0, commit: 0, dispose: 0, committed: [] as string[] };
  let samplesLeft = options.samplesBeforeFailure ?? Infinity;
  const spy: LayersModelBackend = {
    ...backend,
    sample(storage: TfjsStorage, request: SampleRequest) {
      if (samplesLeft-- <= 0) throw new Error("device lost");
      return backend.sample!(storage, request);
    },
    beginRun(): BackendRun<TfjsStorage> {
      counts.begin += 1;
      const run = backend.beginRun();
      return {
        commit(storages: readonly CommittedStorage<TfjsStorage>[]) {
          counts.commit += 1;
          counts.committed = storages.map((entry) => entry.path);
          if (options.refuseCommit) throw new Error("commit refused");
          return run.commit(storages);
        },
        dispose() {
          counts.dispose += 1;
          return run.dispose();
        },
      };
    },
  };
  return { spy, counts };
}

describe("a wrapped model's run lifecycle", () => {
  it("commits once per successful run: the model's variables take the values and nothing is left behind", async () => {
    const model = mlp();
    const wrapped = await fromLayersModel(model, { tf });
    const variables = model.weights.map((weight) => weight.read());
    const { spy, counts } = instrumented(wrapped.backend);
    const net = netAround(wrapped);
    const before = tf.memory().numTensors;
    await net.initWeights({ backend: spy, seed: 2, logger: silentLogger });
    expect(counts).toMatchObject({ begin: 1, commit: 1, dispose: 1 });
    expect(counts.committed).toEqual(["backbone.fc1.weight", "backbone.fc1.bias", "backbone.fc2.weight", "backbone.fc2.bias", "head.weight", "head.bias"]);
    // The model's own variables, holding what initlib wrote; only the head's two new variables were added.
    expect(tf.memory().numTensors).toBe(before + 2);
    const [, kernel] = wrapped.namedParameters()[0]!;
    expect(variableOf(kernel.storage)).toBe(variables[0]);
    expect(variables.every((variable) => !variable.isDisposed)).toBe(true);
    expect(await kernel.read()).toEqual(model.getLayer("fc1").getWeights()[0]!.dataSync());
    const std = Math.sqrt([...(await kernel.read())].reduce((sum, value) => sum + value * value, 0) / (16 * 32));
    expect(std).toBeGreaterThan(0.08);
    expect(std).toBeLessThan(0.12);
  });

  it("a run that fails while staging never commits, disposes once, and leaks no tensor", async () => {
    const model = mlp();
    const wrapped = await fromLayersModel(model, { tf });
    const net = netAround(wrapped);
    const values = weightsOf(model);
    const before = tf.memory().numTensors;
    const { spy, counts } = instrumented(wrapped.backend, { samplesBeforeFailure: 2 });
    const error = await net.initWeights({ backend: spy, seed: 9, logger: silentLogger }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(counts).toMatchObject({ begin: 1, commit: 0, dispose: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(weightsOf(model)).toEqual(values);
  });

  it("a refused commit rolls back: the model keeps its values and every staged tensor is freed", async () => {
    const model = mlp();
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Constant", layer: "Dense", val: 3, bias: 1 } });
    const values = weightsOf(model);
    const before = tf.memory().numTensors;
    const { spy, counts } = instrumented(wrapped.backend, { refuseCommit: true });
    const net = netAround(wrapped);
    const error = await net.initWeights({ backend: spy, seed: 4, logger: silentLogger }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect((error as Error).message).toContain("commit refused");
    expect(counts).toMatchObject({ begin: 1, commit: 1, dispose: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(weightsOf(model)).toEqual(values);
    expect(wrapped.isInit).toBe(false);
    // A retry on the real backend behaves like a first call and reaches the model.
    await wrapped.initWeights({ logger: silentLogger });
    expect([...(model.getLayer("fc2").getWeights()[0]!.dataSync() as Float32Array)].every((value) => value === 3)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("wrapping binds the model's variables in one committed run, without copying or allocating", async () => {
    const model = mlp();
    const before = tf.memory().numTensors;
    const wrapped = await fromLayersModel(model, { tf });
    expect(tf.memory().numTensors).toBe(before);
    for (const [index, [, parameter]] of wrapped.namedParameters().entries()) {
      expect(variableOf(parameter.storage)).toBe(model.weights[index]!.read());
    }
  });

  it("refuses a second commit or dispose of one run", async () => {
    const wrapped = await fromLayersModel(mlp(), { tf });
    const run = wrapped.backend.beginRun();
    await run.commit([]);
    expect(() => run.commit([])).toThrow(expect.objectContaining({ code: "INITLIB_DISPOSED" }));
    await run.dispose();
    expect(() => run.dispose()).toThrow(expect.objectContaining({ code: "INITLIB_DISPOSED" }));
  });
});
