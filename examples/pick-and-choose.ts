import { calculateGain, computeFans, createHostParam, kaimingInit } from "@initlib/initializers";

// Anything shaped { weight, bias } works; createHostParam gives Float32Array-backed parameters.
const conv = {
  weight: createHostParam([64, 32, 3, 3], { path: "conv.weight", seed: 0 }),
  bias: createHostParam([64], { path: "conv.bias", seed: 0 }),
};
await kaimingInit(conv, { mode: "fan_in", nonlinearity: "relu" });

export const fans = computeFans(conv.weight); // { fanIn: 288, fanOut: 576 }, as torch computes them
export const expectedStd = calculateGain("relu") / Math.sqrt(fans.fanIn); // ≈ 0.0833
export const weights = conv.weight.data; // N(0, expectedStd²), reproducible from (seed, path)
export const biases = conv.bias.data; // all 0
