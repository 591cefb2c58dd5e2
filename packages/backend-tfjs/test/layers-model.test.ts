import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { compareMoments, distributionOf, kolmogorovSmirnovTest, sampleMoments } from "@initlib/backend-testkit";
import { createHostBackend, computeFans, type FillRule } from "@initlib/initializers";
import { silentLogger } from "@initlib/core";
import { beforeAll, describe, expect, it } from "vitest";
import { fromLayersModel, variableOf } from "../src/index";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A small CNN with the layers MMEngine configs usually name. */
function smallCnn(size = 8, filters = 16): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  let x = tfl.layers.conv2d({ filters, kernelSize: 3, padding: "same", name: "conv1" }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: "bn1" }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: "relu", name: "relu1" }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 2 * filters, kernelSize: 3, name: "conv2" }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten({ name: "flatten" }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 10, name: "fc" }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

function weightOf(model: tfl.LayersModel, layerName: string, index = 0): Float32Array {
  return model.getLayer(layerName).getWeights()[index]!.dataSync() as Float32Array;
}

/** Checks `values` against the distribution of `rule`: moments and a Kolmogorov–Smirnov test. */
function expectDistribution(values: Float32Array, rule: Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>, label: string): void {
  const distribution = distributionOf(rule);
  const moments = sampleMoments(values);
  expect(compareMoments(moments, distribution), label).toBeUndefined();
  expect(moments.min, label).toBeGreaterThanOrEqual(distribution.low);
  expect(moments.max, label).toBeLessThanOrEqual(distribution.high);
  expect(kolmogorovSmirnovTest(values, (x) => distribution.cdf(x)).passed, label).toBe(true);
}

describe("fromLayersModel", () => {
  it("presents layers as modules with torch names, the tfjs layouts and the model's own variables", async () => {
    const model = smallCnn();
    const wrapped = await fromLayersModel(model, { tf });
    expect([...wrapped.stateEntries()].map(({ name, kind }) => `${name}:${kind}`)).toEqual([
      "conv1.weight:parameter",
      "conv1.bias:parameter",
      "bn1.weight:parameter",
      "bn1.bias:parameter",
      "bn1.running_mean:buffer",
      "bn1.running_var:buffer",
      "conv2.weight:parameter",
      "conv2.bias:parameter",
      "fc.weight:parameter",
      "fc.bias:parameter",
    ]);
    expect(wrapped.namedChildren().map(([name]) => name)).toEqual(["conv1", "bn1", "relu1", "conv2", "flatten", "fc"]);
    const conv1 = wrapped.getSubmodule("conv1")!;
    expect([conv1.typeName, ...conv1.typeBases]).toEqual(["Conv2D", "Conv2d", "_ConvNd"]);
    expect([wrapped.getSubmodule("bn1")!.typeName, ...wrapped.getSubmodule("bn1")!.typeBases]).toEqual(["BatchNormalization", "BatchNorm2d", "_BatchNorm"]);
    expect([wrapped.getSubmodule("fc")!.typeName, ...wrapped.getSubmodule("fc")!.typeBases]).toEqual(["Dense", "Linear", "Module"]);
    expect(wrapped.getSubmodule("relu1")!.typeName).toBe("Activation");
    const [, kernel] = wrapped.namedParameters().find(([name]) => name === "conv1.weight")!;
    expect(kernel.layout).toBe("HWIO");
    expect(kernel.shape).toEqual([3, 3, 3, 16]);
    // The parameter's storage holds the model's variable itself, and reading it reads the model.
    expect(variableOf(kernel.storage)).toBe(model.getLayer("conv1").weights[0]!.read());
    expect(await kernel.read()).toEqual(weightOf(model, "conv1"));
    // Nothing was written while wrapping.
    expect(kernel.history.map((record) => record.info)).toEqual(["default: tfjs-layers weight conv1/kernel"]);
  });

  it("initializes the model's real weights with an MMEngine config naming torch or tfjs classes", async () => {
    const model = smallCnn();
    const before = weightOf(model, "fc");
    const wrapped = await fromLayersModel(model, {
      tf,
      initCfg: [
        { type: "Kaiming", layer: "Conv2d", mode: "fan_out", nonlinearity: "relu" },
        { type: "Constant", layer: "_BatchNorm", val: 1, bias: 0 },
        { type: "Normal", layer: "Dense", std: 0.01, bias: 0.5 },
      ],
    });
    const report = await wrapped.initWeights({ seed: 3, logger: silentLogger });
    expect(report.backend).toBe(wrapped.backend.name);
    // torch's Conv2d(16→32, k3) weight (32, 16, 3, 3): fan_out = 32·9.
    expectDistribution(weightOf(model, "conv2"), { kind: "normal", mean: 0, std: Math.sqrt(2) / Math.sqrt(32 * 9) }, "conv2.weight");
    expectDistribution(weightOf(model, "conv1"), { kind: "normal", mean: 0, std: Math.sqrt(2) / Math.sqrt(16 * 9) }, "conv1.weight");
    expect([...weightOf(model, "conv2", 1)].every((value) => value === 0)).toBe(true);
    expect([...weightOf(model, "bn1", 0)].every((value) => value === 1)).toBe(true);
    const fc = weightOf(model, "fc");
    expect(fc).not.toEqual(before);
    expectDistribution(fc, { kind: "normal", mean: 0, std: 0.01 }, "fc.weight");
    expect([...weightOf(model, "fc", 1)].every((value) => value === 0.5)).toBe(true);
    // Moving statistics are buffers: initializers leave them alone.
    expect([...weightOf(model, "bn1", 3)].every((value) => value === 1)).toBe(true);
    const infos = Object.fromEntries(report.parameters.map((entry) => [entry.name, entry.info]));
    expect(infos["conv2.weight"]).toBe("KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0");
    expect(infos["fc.weight"]).toBe("NormalInit: mean=0, std=0.01, bias=0.5");
    // Still the model's own variables after the write: no variable was replaced or leaked.
    const [, kernel] = wrapped.namedParameters().find(([name]) => name === "conv2.weight")!;
    expect(variableOf(kernel.storage)).toBe(model.getLayer("conv2").weights[0]!.read());
    expect(wrapped.isInit).toBe(true);
  });

  it("writes the same values as the host backend, and leaves no tensor behind", async () => {
    const model = smallCnn();
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Xavier", layer: ["Conv2D", "Linear"], distribution: "uniform" } });
    const tensorsBefore = tf.memory().numTensors;
    await wrapped.initWeights({ seed: 9, logger: silentLogger });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // The same rule and key on the host backend give the same bits.
    const host = createHostBackend();
    const [, weight] = wrapped.namedParameters().find(([name]) => name === "fc.weight")!;
    const fans = computeFans({ shape: [10, 1152] });
    const bound = Math.sqrt(6 / (fans.fanIn + fans.fanOut));
    const storage = host.allocate(weight.shape);
    const { writeRule } = await import("@initlib/initializers");
    await writeRule(host, storage, weight.shape, { kind: "uniform", low: -bound, high: bound }, { seed: 9, path: "fc.weight" });
    expect(new Uint32Array(weightOf(model, "fc").buffer)).toEqual(new Uint32Array((await host.read(storage)).buffer));
  });

  it("changes nothing when the config is wrong", async () => {
    const model = smallCnn();
    const wrapped = await fromLayersModel(model, { tf, initCfg: [{ type: "Constant", layer: "Linear", val: 2 }, { type: "Normal", override: { name: "conv3" } }] });
    const before = weightOf(model, "fc").slice();
    await expect(wrapped.initWeights({ logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_MISSING_MODULE" });
    expect(weightOf(model, "fc")).toEqual(before);
    expect(wrapped.isInit).toBe(false);
  });

  it("refuses another backend, which would detach the parameters from the model", async () => {
    const wrapped = await fromLayersModel(smallCnn(), { tf });
    await expect(wrapped.initWeights({ backend: createHostBackend(), logger: silentLogger })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "initWeights.backend" });
    await expect(wrapped.initWeights({ backend: wrapped.backend, logger: silentLogger })).resolves.toBeDefined();
  });

  it("sees training: after model.fit the parameters read the trained values", async () => {
    // Small enough for tfjs-cpu's convolution gradients to take well under a second per step.
    const model = smallCnn(5, 4);
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Kaiming", layer: ["Conv2d", "Linear"], mode: "fan_in" } });
    await wrapped.initWeights({ seed: 1, logger: silentLogger });
    model.compile({ optimizer: tf.train.adam(0.003), loss: "meanSquaredError" });
    const x = tf.randomNormal([32, 5, 5, 3], 0, 1, "float32", 1);
    const y = tf.randomNormal([32, 10], 0, 1, "float32", 2);
    const initial = (await wrapped.getSubmodule("fc")!.ownParameters()[0]![1].read()).slice();
    const history = await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const trained = await wrapped.getSubmodule("fc")!.ownParameters()[0]![1].read();
    expect(trained).not.toEqual(initial);
    expect(trained).toEqual(weightOf(model, "fc"));
    tf.dispose([x, y]);
  });
});

describe("fans of every supported layer equal torch's for the equivalent layer", () => {
  it.each([
    // [tfjs layer, input shape, parameter, torch weight shape]
    ["dense", () => tfl.layers.dense({ units: 7 }), [5], "weight", [7, 5]],
    ["conv1d", () => tfl.layers.conv1d({ filters: 6, kernelSize: 3 }), [10, 4], "weight", [6, 4, 3]],
    ["conv2d", () => tfl.layers.conv2d({ filters: 8, kernelSize: [3, 5] }), [9, 9, 4], "weight", [8, 4, 3, 5]],
    ["conv3d", () => tfl.layers.conv3d({ filters: 4, kernelSize: 3 }), [5, 5, 5, 2], "weight", [4, 2, 3, 3, 3]],
    ["conv2dTranspose", () => tfl.layers.conv2dTranspose({ filters: 6, kernelSize: 3 }), [5, 5, 4], "weight", [4, 6, 3, 3]],
    ["depthwiseConv2d", () => tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }), [6, 6, 4], "weight", [8, 1, 3, 3]],
    ["separableConv2d depthwise", () => tfl.layers.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2 }), [6, 6, 4], "depthwise.weight", [8, 1, 3, 3]],
    ["separableConv2d pointwise", () => tfl.layers.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2 }), [6, 6, 4], "pointwise.weight", [5, 8, 1, 1]],
    ["embedding", () => tfl.layers.embedding({ inputDim: 11, outputDim: 4 }), [3], "weight", [11, 4]],
    ["simpleRNN input", () => tfl.layers.simpleRNN({ units: 3, recurrentInitializer: "glorotUniform" }), [4, 5], "weight_ih_l0", [3, 5]],
    ["simpleRNN recurrent", () => tfl.layers.simpleRNN({ units: 3, recurrentInitializer: "glorotUniform" }), [4, 5], "weight_hh_l0", [3, 3]],
    ["lstm input", () => tfl.layers.lstm({ units: 6, recurrentInitializer: "glorotUniform" }), [4, 5], "weight_ih_l0", [24, 5]],
    ["lstm recurrent", () => tfl.layers.lstm({ units: 6, recurrentInitializer: "glorotUniform" }), [4, 5], "weight_hh_l0", [24, 6]],
    ["gru input", () => tfl.layers.gru({ units: 6, recurrentInitializer: "glorotUniform" }), [4, 5], "kernel", [18, 5]],
    ["gru recurrent", () => tfl.layers.gru({ units: 6, recurrentInitializer: "glorotUniform" }), [4, 5], "recurrent_kernel", [18, 6]],
  ] as const)("%s", async (_label, make, inputShape, parameter, torchShape) => {
    const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [...inputShape] }), make()] });
    const wrapped = await fromLayersModel(model, { tf });
    const [layerName] = wrapped.namedChildren()[0]!;
    const [, tensor] = wrapped.namedParameters().find(([name]) => name === `${layerName}.${parameter}`)!;
    expect(tensor.fans).toEqual(computeFans({ shape: [...torchShape] }));
  });

  it("norm layers and PReLU have no fans, as torch's 1-D weights", async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 4 }), tfl.layers.layerNormalization({}), tfl.layers.prelu({})],
    });
    const wrapped = await fromLayersModel(model, { tf });
    const [norm, prelu] = wrapped.children().slice(1);
    expect([norm!.typeName, ...norm!.typeBases]).toEqual(["LayerNormalization", "LayerNorm", "Module"]);
    expect([prelu!.typeName, ...prelu!.typeBases]).toEqual(["PReLU", "PReLU", "Module"]);
    expect(() => norm!.ownParameters()[0]![1].fans).toThrow(/fewer than 2 dimensions/);
    expect(() => prelu!.ownParameters()[0]![1].fans).toThrow();
  });
});
