import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { activationStdPerDepth, stdRatio, type LayerWeights } from "./forward-pass";
import { moments } from "./histogram";

beforeAll(async () => {
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
});

function gaussian(count: number, std: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal([count], 0, std, "float32", seed).dataSync() as Float32Array);
}

describe("activationStdPerDepth", () => {
  it("computes y = relu(x·Wᵀ + b) for torch-layout Linear weights", async () => {
    // Identity weight and bias 1 on a single input feature: std of relu(x + 1) over the batch.
    const layers: LayerWeights[] = [{ name: "0", kind: "linear", weightShape: [1, 1], weight: new Float32Array([1]), bias: new Float32Array([1]) }];
    const [std] = await activationStdPerDepth(tf, layers, { shape: [4096, 1], seed: 3 });
    const x = tf.tidy(() => tf.randomNormal([4096, 1], 0, 1, "float32", 3).dataSync());
    expect(std).toBeCloseTo(moments(Array.from(x, (value) => Math.max(0, value + 1))).std, 4);
  });

  it("keeps the signal with He-scaled weights and collapses it with std 0.01 (ReLU MLP)", async () => {
    const width = 128;
    const depth = 12;
    const mlp = (std: number): LayerWeights[] =>
      Array.from({ length: depth }, (_, i) => ({ name: `${i}`, kind: "linear", weightShape: [width, width], weight: gaussian(width * width, std, 100 + i), bias: new Float32Array(width) }));
    const he = await activationStdPerDepth(tf, mlp(Math.sqrt(2 / width)), { shape: [256, width], seed: 1 });
    const small = await activationStdPerDepth(tf, mlp(0.01), { shape: [256, width], seed: 1 });
    expect(he).toHaveLength(depth);
    expect(stdRatio(he)).toBeGreaterThan(0.5);
    expect(stdRatio(he)).toBeLessThan(2);
    // Each layer multiplies the variance by width·0.01²/2 = 0.0064: std by 0.08 per layer.
    expect(stdRatio(small)).toBeLessThan(1e-9);
  });

  it("transposes torch OIHW kernels for tfjs conv2d, with a mirrored border", async () => {
    // A 3x3 kernel that picks the pixel to the right: output(y, x) = input(y, x + 1), and at the
    // right border the reflected pixel input(y, x - 1).
    const weight = new Float32Array(9);
    weight[1 * 3 + 2] = 1;
    const layers: LayerWeights[] = [{ name: "0", kind: "conv2d", weightShape: [1, 1, 3, 3], weight, bias: new Float32Array([0]) }];
    const direct = await activationStdPerDepth(tf, layers, { shape: [2, 5, 5, 1], seed: 9 });
    const input = tf.tidy(() => tf.randomNormal([2, 5, 5, 1], 0, 1, "float32", 9).arraySync() as number[][][][]);
    const shifted: number[] = [];
    for (const image of input) for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) shifted.push(Math.max(0, image[y]![x + 1 < 5 ? x + 1 : x - 1]![0]!));
    expect(direct[0]).toBeCloseTo(moments(shifted).std, 4);
  });

  it("keeps a He-initialized ReLU CNN's activations stable over depth (no border loss)", async () => {
    const channels = 8;
    const layers: LayerWeights[] = Array.from({ length: 12 }, (_, i) => {
      const inChannels = i === 0 ? 3 : channels;
      const fanIn = inChannels * 9;
      return { name: `${i}`, kind: "conv2d", weightShape: [channels, inChannels, 3, 3], weight: gaussian(channels * fanIn, Math.sqrt(2 / fanIn), 200 + i), bias: new Float32Array(channels) };
    });
    const stds = await activationStdPerDepth(tf, layers, { shape: [4, 8, 8, 3], seed: 2 });
    expect(stds).toHaveLength(12);
    expect(stdRatio(stds)).toBeGreaterThan(0.5);
    expect(stdRatio(stds)).toBeLessThan(2);
  });

  it("takes weights as tensors already on the backend, and layers without bias", async () => {
    const weight = tf.tensor2d([[2]]);
    const layers: LayerWeights[] = [{ name: "0", kind: "linear", weightShape: [1, 1], weight, bias: null }];
    const [std] = await activationStdPerDepth(tf, layers, { shape: [4096, 1], seed: 3 });
    const x = tf.tidy(() => tf.randomNormal([4096, 1], 0, 1, "float32", 3).dataSync());
    expect(std).toBeCloseTo(moments(Array.from(x, (value) => Math.max(0, 2 * value))).std, 4);
    expect(weight.isDisposed).toBe(false);
    weight.dispose();
  });

  it("rejects a bias whose length does not match the layer", async () => {
    const layers: LayerWeights[] = [{ name: "fc", kind: "linear", weightShape: [2, 2], weight: new Float32Array(4), bias: new Float32Array(3) }];
    await expect(activationStdPerDepth(tf, layers, { shape: [1, 2], seed: 0 })).rejects.toThrow(/fc: bias has 3 values, expected 2/);
  });
});

describe("stdRatio", () => {
  it("divides the last std by the first", () => {
    expect(stdRatio([0.8, 0.7, 0.9])).toBeCloseTo(1.125);
    expect(Number.isNaN(stdRatio([]))).toBe(true);
  });
});
