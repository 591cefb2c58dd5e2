import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { compareMoments, distributionOf, sampleMoments } from "@initlib/backend-testkit";
import { BaseModule, initialize, Linear, silentLogger } from "@initlib/core";
import { computeFans } from "@initlib/initializers";
import { beforeAll, describe, expect, it } from "vitest";
import { fromLayersModel, RecurrentLayerModule, variableOf } from "../src/index";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function weights(model: tfl.LayersModel, layer: string, index = 0): Float32Array {
  return model.getLayer(layer).getWeights()[index]!.dataSync() as Float32Array;
}

function expectStd(values: Float32Array, std: number, label: string): void {
  expect(compareMoments(sampleMoments(values), distributionOf({ kind: "normal", mean: 0, std })), label).toBeUndefined();
}

/** A functional model holding a Sequential encoder, a shared embedding and an LSTM. */
function nestedModel(): { model: tfl.LayersModel; encoder: tfl.Sequential } {
  const encoder = tfl.sequential({
    name: "encoder",
    layers: [tfl.layers.dense({ inputShape: [16], units: 32, name: "enc1" }), tfl.layers.dense({ units: 24, name: "enc2" })],
  });
  const tokens = tfl.input({ shape: [6], name: "tokens" });
  const features = tfl.input({ shape: [16], name: "features" });
  const embedded = tfl.layers.embedding({ inputDim: 50, outputDim: 8, name: "embed" }).apply(tokens) as tfl.SymbolicTensor;
  const sequence = tfl.layers
    .lstm({ units: 24, recurrentInitializer: "glorotUniform", name: "lstm" })
    .apply(embedded) as tfl.SymbolicTensor;
  const encoded = encoder.apply(features) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({ name: "join" }).apply([sequence, encoded]) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 4, name: "head" }).apply(joined) as tfl.SymbolicTensor;
  return { model: tfl.model({ inputs: [tokens, features], outputs: output }), encoder };
}

describe("nested models and recurrent layers", () => {
  it("nests a model as a BaseModule child; overrides reach it by dotted name", async () => {
    const { model } = nestedModel();
    const wrapped = await fromLayersModel(model, {
      tf,
      initCfg: [
        { type: "Xavier", layer: ["Linear", "LSTM"], distribution: "normal" },
        { type: "Normal", layer: "Embedding", std: 0.5 },
        { type: "Constant", val: 0.25, bias: 1, override: { name: "encoder.enc2" } },
      ],
    });
    // Children follow tfjs's layer order (topological), InputLayers left out.
    expect(wrapped.namedChildren().map(([name]) => name)).toEqual(["embed", "lstm", "encoder", "join", "head"]);
    const encoder = wrapped.getSubmodule("encoder")!;
    expect([encoder.typeName, ...encoder.typeBases]).toEqual(["Sequential", "BaseModule"]);
    expect(encoder).toBeInstanceOf(BaseModule);
    expect([...wrapped.stateEntries()].map(({ name }) => name)).toEqual([
      "embed.weight",
      "lstm.weight_ih_l0",
      "lstm.weight_hh_l0",
      "lstm.bias_ih_l0",
      "encoder.enc1.weight",
      "encoder.enc1.bias",
      "encoder.enc2.weight",
      "encoder.enc2.bias",
      "head.weight",
      "head.bias",
    ]);
    const recurrentBefore = weights(model, "lstm", 1).slice();
    await wrapped.initWeights({ seed: 5, logger: silentLogger });

    expectStd(weights(model, "embed"), 0.5, "embed");
    // Dense(16→32): torch's Linear(16, 32), xavier std = sqrt(2 / (16 + 32)).
    const enc1 = model.getLayer("encoder") as tfl.Sequential;
    expectStd(enc1.getLayer("enc1").getWeights()[0]!.dataSync() as Float32Array, Math.sqrt(2 / 48), "enc1");
    expect([...(enc1.getLayer("enc2").getWeights()[0]!.dataSync() as Float32Array)].every((value) => value === 0.25)).toBe(true);
    expect([...(enc1.getLayer("enc2").getWeights()[1]!.dataSync() as Float32Array)].every((value) => value === 1)).toBe(true);
    // LSTM(8→24): torch's weight_ih_l0 is (96, 8): xavier std = sqrt(2 / (8 + 96)); gates i, f, c, o.
    const lstm = wrapped.getSubmodule("lstm") as RecurrentLayerModule;
    expect(lstm.gates).toEqual(["i", "f", "c", "o"]);
    expect(lstm.weight!.fans).toEqual(computeFans({ shape: [96, 8] }));
    expectStd(weights(model, "lstm", 0), Math.sqrt(2 / (8 + 96)), "lstm kernel");
    expect([...weights(model, "lstm", 2)].every((value) => value === 0)).toBe(true);
    // The recurrent kernel is not `weight`: it keeps its tfjs initialization.
    expect(weights(model, "lstm", 1)).toEqual(recurrentBefore);
    expect([lstm.typeName, ...lstm.typeBases]).toEqual(["LSTM", "LSTM", "RNNBase"]);
  });

  it("writes through when the wrapped model sits in a larger initlib tree initialized on its backend", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [64], units: 64, name: "fc" })] });
    const wrapped = await fromLayersModel(model, { tf });
    class Net extends BaseModule {
      static override readonly typeName = "Net";
      backbone = wrapped;
      extra = new Linear({ inFeatures: 4, outFeatures: 4 });
      constructor() {
        super({ type: "Constant", layer: "Linear", val: 3, bias: 2 });
      }
    }
    const net = new Net();
    await net.initWeights({ backend: wrapped.backend, logger: silentLogger });
    expect([...weights(model, "fc")].every((value) => value === 3)).toBe(true);
    expect([...weights(model, "fc", 1)].every((value) => value === 2)).toBe(true);
    const [, kernel] = wrapped.namedParameters()[0]!;
    expect(variableOf(kernel.storage)).toBe(model.getLayer("fc").weights[0]!.read());
    // The free function takes the same path.
    await initialize(wrapped, { type: "Constant", layer: "Dense", val: -1 }, { logger: silentLogger });
    expect([...weights(model, "fc")].every((value) => value === -1)).toBe(true);
    expect(variableOf(kernel.storage)).toBe(model.getLayer("fc").weights[0]!.read());
  });

  it("never disposes the model's variables", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: "fc" })] });
    const wrapped = await fromLayersModel(model, { tf });
    const [, kernel] = wrapped.namedParameters()[0]!;
    const variable = variableOf(kernel.storage);
    await kernel.dispose();
    expect(variable.isDisposed).toBe(false);
    expect(kernel.isMaterialized).toBe(false);
    // Re-initializing binds it again, with the model's values where nothing writes.
    const before = weights(model, "fc").slice();
    await wrapped.initWeights({ logger: silentLogger });
    expect(variableOf(kernel.storage)).toBe(variable);
    expect(weights(model, "fc")).toEqual(before);
  });

  it("plans without touching the model", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: "fc" })] });
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Constant", layer: "Dense", val: 7 } });
    const before = weights(model, "fc").slice();
    const plan = await wrapped.planInitWeights({ logger: silentLogger });
    expect(plan.parameters.find((entry) => entry.name === "fc.weight")!.rule).toEqual({ kind: "constant", value: 7 });
    expect(weights(model, "fc")).toEqual(before);
  });
});

describe("what fromLayersModel refuses", () => {
  it("a value that is not a tfjs-layers model", async () => {
    await expect(fromLayersModel({} as never, { tf })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "model" });
  });

  it("a layer with weights of an unknown class, naming the supported ones", async () => {
    const inner = tfl.layers.dense({ units: 3 });
    const model = tfl.sequential({ layers: [tfl.layers.timeDistributed({ layer: inner, inputShape: [4, 5], name: "td" })] });
    await expect(fromLayersModel(model, { tf })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG", path: "td", message: expect.stringContaining("TimeDistributed") });
  });

  it("a layer name that would shadow a module member", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: "children" })] });
    await expect(fromLayersModel(model, { tf })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG", path: "children" });
  });
});

describe("defaults", () => {
  it("imports tfjs-core itself when no tf is given", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: "fc" })] });
    const wrapped = await fromLayersModel(model);
    expect(variableOf(wrapped.namedParameters()[0]![1].storage)).toBe(model.getLayer("fc").weights[0]!.read());
  });
});
