import { calculateGain, computeFans, createHostParam, kaimingInit, xavierInit } from "@initlib/initializers";

// Any { weight, bias } whose parameters have shape and assign(rule) works: core's layers,
// tfjs-backed parameters, or host parameters like these.
const conv = {
  weight: createHostParam([64, 32, 3, 3], { path: "conv.weight", seed: 0 }),
  bias: createHostParam([64], { path: "conv.bias", seed: 0 }),
};
await kaimingInit(conv, { mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1 });

const dense = { weight: createHostParam([3, 3, 32, 64], { layout: "HWIO", path: "dense.weight" }) };
await xavierInit(dense, { gain: calculateGain("tanh"), distribution: "uniform" });

export const fans = computeFans(dense.weight); // { fanIn: 288, fanOut: 576 }: the torch Conv2d's fans
export const firstValues = conv.weight.data.slice(0, 4);
export const biasValue = conv.bias.data[0]; // 0
