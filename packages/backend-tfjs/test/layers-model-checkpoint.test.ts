import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { openCheckpoint, writeSafetensors } from "@initlib/checkpoint";
import { silentLogger } from "@initlib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSafetensors, fromLayersModel, toTorchLayout, torchStateDict } from "../src/index";

tf.env().set("IS_TEST", true);

let directory: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  directory = await mkdtemp(join(tmpdir(), "initlib-layers-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Distinct values per tensor, so a wrong key, axis order or offset shows up. */
function torchTensor(shape: number[], seed: number): { data: Float32Array; shape: number[] } {
  const size = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: size }, (_, index) => Math.fround(seed + index / 1024)), shape };
}

/** torch's state dict of a model equivalent to {@link cnn}: Conv2d, BatchNorm2d, ConvTranspose2d, Linear. */
function torchCnnState(): Record<string, { data: Float32Array; shape: number[] }> {
  return {
    "conv.weight": torchTensor([6, 3, 3, 3], 1),
    "conv.bias": torchTensor([6], 2),
    "bn.weight": torchTensor([6], 3),
    "bn.bias": torchTensor([6], 4),
    "bn.running_mean": torchTensor([6], 5),
    "bn.running_var": torchTensor([6], 6),
    "up.weight": torchTensor([6, 4, 2, 2], 7), // ConvTranspose2d(6→4, k2): (in, out, kh, kw); 6×6 → 7×7
    "up.bias": torchTensor([4], 8),
    "head.weight": torchTensor([5, 4 * 7 * 7], 9),
    "head.bias": torchTensor([5], 10),
  };
}

function cnn(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 3], filters: 6, kernelSize: 3, padding: "same", name: "conv" }),
      tfl.layers.batchNormalization({ name: "bn" }),
      tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 1, name: "up" }),
      tfl.layers.flatten({ name: "flat" }),
      tfl.layers.dense({ units: 5, name: "head" }),
    ],
  });
}

describe("torch checkpoints and tfjs-layers models", () => {
  it("loads a torch-layout checkpoint through Pretrained (layouts transposed) and exports the same tensors back", async () => {
    const source = join(directory, "torch-cnn.safetensors");
    const state = torchCnnState();
    await writeSafetensors(source, state);
    const model = cnn();
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Pretrained", checkpoint: source } });
    const report = await wrapped.initWeights({ logger: silentLogger });
    expect(report.loadReports[0]!.missing).toEqual([]);
    expect(report.loadReports[0]!.unexpected).toEqual([]);
    expect(report.loadReports[0]!.shapeMismatched).toEqual([]);

    // The model's own weights hold the torch tensors in tfjs layouts.
    const kernel = model.getLayer("conv").getWeights()[0]!;
    expect(kernel.shape).toEqual([3, 3, 3, 6]);
    const expectedKernel = tf.transpose(tf.tensor(state["conv.weight"]!.data, [6, 3, 3, 3]), [2, 3, 1, 0]);
    expect(kernel.dataSync()).toEqual(expectedKernel.dataSync());
    const upKernel = model.getLayer("up").getWeights()[0]!;
    expect(upKernel.shape).toEqual([2, 2, 4, 6]);
    expect(upKernel.dataSync()).toEqual(tf.transpose(tf.tensor(state["up.weight"]!.data, [6, 4, 2, 2]), [2, 3, 1, 0]).dataSync());
    expect(model.getLayer("bn").getWeights()[2]!.dataSync()).toEqual(state["bn.running_mean"]!.data);
    expect(model.getLayer("head").getWeights()[0]!.dataSync()).toEqual(tf.transpose(tf.tensor(state["head.weight"]!.data, [5, 196])).dataSync());

    // Round trip: tfjs model → safetensors gives back exactly the torch tensors.
    const exported = join(directory, "exported-cnn.safetensors");
    const keys = await exportSafetensors(wrapped, exported);
    expect(keys).toEqual(Object.keys(state));
    const reader = await openCheckpoint(exported);
    try {
      expect(reader.metadata).toMatchObject({ format: "pt" });
      for (const [key, tensor] of Object.entries(state)) {
        expect(reader.entry(key).shape, key).toEqual(tensor.shape);
        expect(reader.entry(key).dtype, key).toBe("float32");
        expect(new Uint32Array((await reader.read(key)).buffer), key).toEqual(new Uint32Array(tensor.data.buffer));
      }
    } finally {
      await reader.close();
    }
  });

  it("exports a tf.LayersModel directly and it loads back into a fresh model", async () => {
    const first = cnn();
    const path = join(directory, "direct.safetensors");
    await exportSafetensors(first, path, { tf });
    const second = cnn();
    const wrapped = await fromLayersModel(second, { tf, initCfg: { type: "Pretrained", checkpoint: path } });
    await wrapped.initWeights({ logger: silentLogger });
    for (const layer of ["conv", "bn", "up", "head"]) {
      const expected = first.getLayer(layer).getWeights();
      second.getLayer(layer).getWeights().forEach((weight, index) => expect(weight.dataSync(), `${layer}[${index}]`).toEqual(expected[index]!.dataSync()));
    }
  });

  it("maps an LSTM to torch's weight_ih_l0 / weight_hh_l0 / bias_ih_l0 (+ bias_hh_l0) and back", async () => {
    // torch.nn.LSTM(5, 3): weight_ih_l0 (12, 5), weight_hh_l0 (12, 3), gates i, f, g, o as in tfjs.
    const state = {
      "lstm.weight_ih_l0": torchTensor([12, 5], 1),
      "lstm.weight_hh_l0": torchTensor([12, 3], 2),
      "lstm.bias_ih_l0": torchTensor([12], 3),
      "lstm.bias_hh_l0": { data: new Float32Array(12), shape: [12] },
      "out.weight": torchTensor([2, 3], 4),
      "out.bias": torchTensor([2], 5),
    };
    const path = join(directory, "lstm.safetensors");
    await writeSafetensors(path, state);
    const model = tfl.sequential({
      layers: [
        tfl.layers.lstm({ inputShape: [4, 5], units: 3, recurrentInitializer: "glorotUniform", name: "lstm" }),
        tfl.layers.dense({ units: 2, name: "out" }),
      ],
    });
    const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Pretrained", checkpoint: path } });
    const report = await wrapped.initWeights({ logger: silentLogger });
    // tfjs has one bias: torch's second one has nowhere to go and is reported, never dropped silently.
    expect(report.loadReports[0]!.unexpected).toEqual(["lstm.bias_hh_l0"]);
    const [kernel, recurrent, bias] = model.getLayer("lstm").getWeights();
    expect(kernel!.shape).toEqual([5, 12]);
    expect(kernel!.dataSync()).toEqual(tf.transpose(tf.tensor(state["lstm.weight_ih_l0"].data, [12, 5])).dataSync());
    expect(recurrent!.dataSync()).toEqual(tf.transpose(tf.tensor(state["lstm.weight_hh_l0"].data, [12, 3])).dataSync());
    expect(bias!.dataSync()).toEqual(state["lstm.bias_ih_l0"].data);
    const exported = await torchStateDict(wrapped);
    expect([...exported.keys()]).toEqual(Object.keys(state));
    for (const [key, tensor] of Object.entries(state)) {
      expect(exported.get(key)!.shape, key).toEqual(tensor.shape);
      expect(exported.get(key)!.data, key).toEqual(tensor.data);
    }
  });

  it("writes a depthwise kernel as torch's grouped-convolution weight (I·M, 1, kh, kw)", () => {
    // HWIM [2, 2, 3, 2]: torch's output channel o = i·M + m.
    const values = Float32Array.from({ length: 24 }, (_, index) => index);
    const torch = toTorchLayout(values, [2, 2, 3, 2], "HWIM");
    expect(torch.shape).toEqual([6, 1, 2, 2]);
    const hwim = (h: number, w: number, i: number, m: number) => values[((h * 2 + w) * 3 + i) * 2 + m]!;
    for (let i = 0; i < 3; i += 1) {
      for (let m = 0; m < 2; m += 1) {
        for (let h = 0; h < 2; h += 1) for (let w = 0; w < 2; w += 1) expect(torch.data[(i * 2 + m) * 4 + h * 2 + w]).toBe(hwim(h, w, i, m));
      }
    }
  });

  it("keeps tfjs's names for GRU, which is not torch's GRU", async () => {
    const model = tfl.sequential({ layers: [tfl.layers.gru({ inputShape: [4, 5], units: 3, recurrentInitializer: "glorotUniform", name: "gru" })] });
    const state = await torchStateDict(await fromLayersModel(model, { tf }));
    expect([...state.keys()]).toEqual(["gru.kernel", "gru.recurrent_kernel", "gru.bias"]);
    expect(state.get("gru.kernel")!.shape).toEqual([9, 5]);
  });
});

describe("exporting initlib's own modules", () => {
  it("keeps torch layouts as they are and transposes declared tfjs layouts", async () => {
    const { BaseModule, Conv2d, Linear, Parameter } = await import("@initlib/core");
    class Mixed extends BaseModule {
      static override readonly typeName = "Mixed";
      conv = new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 2 });
      fc = new Linear({ inFeatures: 4, outFeatures: 5 });
      kernel = new Parameter([2, 2, 2, 3], { layout: "HWIO", init: { kind: "normal", mean: 0, std: 1 } });
    }
    const module = new Mixed();
    await module.initWeights({ seed: 4, logger: silentLogger });
    const state = await torchStateDict(module);
    expect([...state.keys()]).toEqual(["kernel", "conv.weight", "conv.bias", "fc.weight", "fc.bias"]);
    expect(state.get("conv.weight")!.data).toEqual(await module.conv.weight!.read());
    expect(state.get("fc.weight")!.shape).toEqual([5, 4]);
    expect(state.get("kernel")!.shape).toEqual([3, 2, 2, 2]);
    const hwio = await module.kernel.read();
    expect(state.get("kernel")!.data).toEqual(tf.transpose(tf.tensor(hwio, [2, 2, 2, 3]), [3, 2, 0, 1]).dataSync());
  });
});
