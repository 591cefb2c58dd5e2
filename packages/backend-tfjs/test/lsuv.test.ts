import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { beforeAll, describe, expect, it } from "vitest";
import { lsuvInit, type LsuvModelLike } from "../src/index";
import { rejectionOf } from "@initlib/initializers/testing";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A ReLU MLP of `depth` Dense layers of `width` (pre-activation outputs measured: activation layers apart). */
function reluMlp(depth: number, width: number, inputWidth = 32): tfl.Sequential {
  const model = tfl.sequential();
  for (let index = 0; index < depth; index += 1) {
    model.add(tfl.layers.dense({ units: width, inputShape: index === 0 ? [inputWidth] : undefined, name: `dense${index}` }));
    model.add(tfl.layers.activation({ activation: "relu", name: `relu${index}` }));
  }
  return model;
}

function kernels(model: tfl.LayersModel): Float32Array[] {
  return model.layers.flatMap((layer) => layer.getWeights().slice(0, 1).map((weight) => weight.dataSync() as Float32Array));
}

async function varianceAfter(model: tfl.LayersModel, batch: tf.Tensor, layerName: string): Promise<number> {
  const output = (model as unknown as LsuvModelLike).execute(batch, (model.getLayer(layerName).output as tfl.SymbolicTensor).name) as tf.Tensor;
  const variance = tf.moments(output).variance;
  const value = (await variance.data())[0]!;
  output.dispose();
  variance.dispose();
  return value;
}


describe("lsuvInit (Mishkin & Matas, 2016)", () => {
  it("brings the output variance of every layer of a 10-layer ReLU MLP within 0.1 of 1, layer by layer", async () => {
    const model = reluMlp(10, 64);
    const batch = tf.randomNormal([256, 32], 0, 3, "float32", 7);
    const report = await lsuvInit(tf, model as unknown as LsuvModelLike, batch);
    expect(report.map((layer) => layer.name)).toEqual(Array.from({ length: 10 }, (_, index) => `dense${index}`));
    for (const layer of report) {
      expect(Math.abs(layer.finalVariance - 1)).toBeLessThan(0.1);
      expect(layer.iterations).toBeLessThanOrEqual(10);
      // Measured again from outside, after all layers were rescaled: later layers do not change earlier outputs.
      expect(Math.abs((await varianceAfter(model, batch, layer.name)) - 1)).toBeLessThan(0.1);
    }
    // The input has variance 9, so the first layer needed a rescale of about 1/3 after the orthogonal pre-init.
    expect(report[0]!.iterations).toBeGreaterThan(0);
    expect(report[0]!.initialVariance).toBeGreaterThan(2);
    batch.dispose();
  });

  it("rescales Conv2D kernels (HWIO, orthogonal in torch's OIHW view) to unit output variance", async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", inputShape: [8, 8, 3], name: "conv1" }),
        tfl.layers.activation({ activation: "relu" }),
        tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", name: "conv2" }),
        tfl.layers.activation({ activation: "relu" }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 10, name: "head" }),
      ],
    });
    const batch = tf.randomNormal([16, 8, 8, 3], 0, 1, "float32", 2);
    const report = await lsuvInit(tf, model as unknown as LsuvModelLike, batch, { tolerance: 0.05 });
    expect(report.map((layer) => layer.name)).toEqual(["conv1", "conv2", "head"]);
    for (const layer of report) expect(Math.abs((await varianceAfter(model, batch, layer.name)) - 1)).toBeLessThan(0.05);
    batch.dispose();
  });

  it("is reproducible: the same model, batch and seed give the same kernels bit for bit", async () => {
    const batch = tf.randomNormal([64, 32], 0, 1, "float32", 3);
    const first = reluMlp(4, 32);
    const second = reluMlp(4, 32);
    await lsuvInit(tf, first as unknown as LsuvModelLike, batch, { seed: 5 });
    await lsuvInit(tf, second as unknown as LsuvModelLike, batch, { seed: 5 });
    expect(kernels(first)).toEqual(kernels(second));
    const third = reluMlp(4, 32);
    await lsuvInit(tf, third as unknown as LsuvModelLike, batch, { seed: 6 });
    expect(kernels(third)[0]).not.toEqual(kernels(first)[0]);
    batch.dispose();
  });

  it("pre-initializes with orthogonal kernels: KᵀK = s²·I for a square Dense kernel after LSUV's uniform rescale", async () => {
    const model = reluMlp(1, 32);
    const batch = tf.randomNormal([128, 32], 0, 1, "float32", 9);
    const [report] = await lsuvInit(tf, model as unknown as LsuvModelLike, batch);
    const kernel = kernels(model)[0]!;
    const scale = report!.scale;
    for (let i = 0; i < 32; i += 1) {
      for (let j = 0; j < 32; j += 1) {
        let dot = 0;
        for (let k = 0; k < 32; k += 1) dot += kernel[k * 32 + i]! * kernel[k * 32 + j]!;
        expect(dot).toBeCloseTo(i === j ? scale * scale : 0, 5);
      }
    }
    batch.dispose();
  });

  it("fails with coded errors before anything stays written: no batch, empty batch, bad options, no Dense layer", async () => {
    const model = reluMlp(2, 8) as unknown as LsuvModelLike;
    const before = kernels(model as unknown as tfl.LayersModel);
    expect((await rejectionOf(lsuvInit(tf, model, undefined as never))).path).toBe("batch");
    expect((await rejectionOf(lsuvInit(tf, model, tf.zeros([0, 32])))).path).toBe("batch");
    expect((await rejectionOf(lsuvInit(tf, model, tf.ones([4, 32]), { tolerance: 0 }))).path).toBe("options.tolerance");
    expect((await rejectionOf(lsuvInit(tf, model, tf.ones([4, 32]), { maxIterations: 1.5 }))).path).toBe("options.maxIterations");
    const activationOnly = tfl.sequential({ layers: [tfl.layers.activation({ activation: "relu", inputShape: [4] })] });
    expect((await rejectionOf(lsuvInit(tf, activationOnly as unknown as LsuvModelLike, tf.ones([2, 4])))).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(kernels(model as unknown as tfl.LayersModel)).toEqual(before);
  });

  it("does not converge within its iteration limit → INITLIB_NOT_CONVERGED, and every kernel is put back", async () => {
    // A sigmoid output saturates near variance 0.25·...: dividing the kernel cannot bring it to 1.
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 16, inputShape: [8], name: "first" }), tfl.layers.dense({ units: 16, activation: "sigmoid", name: "saturating" })],
    });
    const before = kernels(model);
    const error = await rejectionOf(lsuvInit(tf, model as unknown as LsuvModelLike, tf.randomNormal([64, 8], 0, 1, "float32", 1), { maxIterations: 5 }));
    expect(error.code).toBe("INITLIB_NOT_CONVERGED");
    expect(error.path).toBe("model.layers.saturating");
    expect(kernels(model)).toEqual(before);
    const dead = await rejectionOf(lsuvInit(tf, reluMlp(2, 8) as unknown as LsuvModelLike, tf.zeros([4, 32])));
    expect(dead.code).toBe("INITLIB_NOT_CONVERGED");
    expect(dead.hint).toContain("constant");
  });
});
