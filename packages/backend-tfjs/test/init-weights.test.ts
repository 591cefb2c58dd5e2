import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { BaseModule, Conv2d, Linear, silentLogger } from "@initlib/core";
import { createHostBackend } from "@initlib/initializers";
import { describe, expect, it } from "vitest";
import { createTfjsBackend, variableOf } from "../src/index";

tf.env().set("IS_TEST", true);

class SmallNet extends BaseModule {
  static override readonly typeName = "SmallNet";
  conv = new Conv2d({ inChannels: 3, outChannels: 16, kernelSize: 3 });
  fc = new Linear({ inFeatures: 256, outFeatures: 300 });
  constructor() {
    super([
      { type: "Kaiming", layer: "Conv2d" },
      { type: "TruncNormal", layer: "Linear", std: 0.02 },
    ]);
  }
}

const NAMES = ["conv.weight", "conv.bias", "fc.weight", "fc.bias"] as const;

function tensorOf(model: SmallNet, name: (typeof NAMES)[number]) {
  const [module, tensor] = name.split(".") as ["conv" | "fc", "weight" | "bias"];
  return model[module][tensor]!;
}

describe("initWeights({ backend }) on tfjs-cpu", () => {
  it("gives the host backend's values bit for bit, held in tf.Variables, without leaking tensors", async () => {
    const backend = await createTfjsBackend({ tf, backendName: "cpu" });
    const tensorsBefore = tf.memory().numTensors;
    const onTfjs = new SmallNet();
    await onTfjs.initWeights({ backend, seed: 11, logger: silentLogger });
    const onHost = new SmallNet();
    await onHost.initWeights({ backend: createHostBackend(), seed: 11, logger: silentLogger });

    for (const name of NAMES) {
      const actual = await tensorOf(onTfjs, name).read();
      const expected = await tensorOf(onHost, name).read();
      expect(new Uint32Array(actual.buffer), name).toEqual(new Uint32Array(expected.buffer));
      const variable = variableOf(tensorOf(onTfjs, name).storage);
      expect(variable.shape).toEqual([...tensorOf(onTfjs, name).shape]);
    }
    // One variable per parameter, nothing else left behind.
    expect(tf.memory().numTensors - tensorsBefore).toBe(NAMES.length);
    for (const name of NAMES) await tensorOf(onTfjs, name).dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
