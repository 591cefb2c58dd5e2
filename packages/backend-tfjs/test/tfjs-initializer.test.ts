import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { initialize, Module, Parameter, silentLogger } from "@initlib/core";
import { createHostBackend } from "@initlib/initializers";
import { beforeAll, describe, expect, it } from "vitest";
import { fromLayersModel, TFJS_INITIALIZER_CLASS_NAME, toTfjsInitializer } from "../src/index";
import { errorOf } from "@initlib/initializers/testing";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const namespace = { ...tf, initializers: tfl.initializers };

/** The bits of a float32 array, so that equality means the same values to the last bit. */
const bits = (values: Float32Array): Uint32Array => new Uint32Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));

/** What initlib's own pipeline writes, on the host backend, into parameter `name` of `shape` and `layout` under `cfg`. */
async function hostValues(cfg: Record<string, unknown>, shape: number[], layout: string | undefined, seed: number, name: string): Promise<Float32Array> {
  class Holder extends Module {
    static override readonly typeName = "Holder";
    weight = new Parameter(shape, layout === undefined ? {} : { layout });
  }
  class Root extends Module {
    static override readonly typeName = "Root";
    [name]: Module = new Holder();
  }
  const root = new Root();
  await initialize(root, { ...cfg, layer: "Holder" } as never, { seed, backend: createHostBackend(), logger: silentLogger });
  return root.namedParameters()[0]![1].read();
}


describe("toTfjsInitializer", () => {
  it("gives the bits initlib's own pipeline writes on the host backend for the same (seed, path), shape and layout", async () => {
    const cases: [Record<string, unknown>, number[], string][] = [
      [{ type: "Kaiming", mode: "fan_in" }, [5, 3], "IO"],
      [{ type: "Xavier", distribution: "uniform", gain: 2 }, [3, 3, 2, 4], "HWIO"],
      [{ type: "TruncNormal", std: 0.02 }, [16, 8], "IO"],
      [{ type: "Uniform", a: -0.5, b: 0.25 }, [2, 7, 3], "LIO"],
      [{ type: "Normal", std: 0.3 }, [3, 1, 1, 2, 4], "DHWIO"],
      [{ type: "Constant", val: 0.1 }, [4, 4], "IO"],
    ];
    for (const [cfg, shape, layout] of cases) {
      const initializer = toTfjsInitializer(cfg, { tf: namespace, seed: 7, path: "fc.weight" });
      expect(initializer.settings.layout).toBeUndefined();
      const tensor = initializer.apply(shape) as tf.Tensor;
      const expected = await hostValues(cfg, shape, layout, 7, "fc");
      expect(tensor.shape).toEqual(shape);
      expect(bits(tensor.dataSync() as Float32Array), JSON.stringify(cfg)).toEqual(bits(expected));
      tensor.dispose();
    }
  });

  it("gives the bits fromLayersModel(...).initWeights() writes into the layer whose weight name is the path", async () => {
    const build = (kernelInitializer?: unknown, biasInitializer?: unknown): tfl.LayersModel =>
      tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 6, inputShape: [9], name: "fc", ...(kernelInitializer ? { kernelInitializer: kernelInitializer as never } : {}), ...(biasInitializer ? { biasInitializer: biasInitializer as never } : {}) }),
        ],
      });
    const cfg = { type: "Xavier", distribution: "uniform", bias: 0.25 };
    const adapted = build(
      toTfjsInitializer(cfg, { tf: namespace, seed: 3, path: "fc.weight" }),
      toTfjsInitializer(cfg, { tf: namespace, seed: 3, path: "fc.bias", role: "bias" }),
    );
    const reference = build();
    const wrapped = await fromLayersModel(reference, { initCfg: { ...cfg, layer: "Linear" } as never, tf });
    await wrapped.initWeights({ seed: 3, logger: silentLogger });
    const [kernel, bias] = adapted.getLayer("fc").getWeights();
    const [referenceKernel, referenceBias] = reference.getLayer("fc").getWeights();
    expect(bits(kernel!.dataSync() as Float32Array)).toEqual(bits(referenceKernel!.dataSync() as Float32Array));
    expect([...bias!.dataSync()]).toEqual(new Array(6).fill(0.25));
    expect(bits(bias!.dataSync() as Float32Array)).toEqual(bits(referenceBias!.dataSync() as Float32Array));
  });

  it("round-trips through model.save and tf.loadLayersModel, and rebuilds the same values from the saved topology", async () => {
    const initializer = toTfjsInitializer({ type: "Kaiming", mode: "fan_out", nonlinearity: "leaky_relu", a: 0.1 }, { tf: namespace, seed: 11, path: "conv.weight" });
    const model = tfl.sequential({ layers: [tfl.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 2], name: "conv", kernelInitializer: initializer as never })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const topology = JSON.stringify(saved!.modelTopology);
    expect(topology).toContain(`"class_name":"${TFJS_INITIALIZER_CLASS_NAME}"`);
    // Strings keep their case and underscores (tfjs converts those of other keys to snake_case).
    expect(topology).toContain('\\"nonlinearity\\":\\"leaky_relu\\"');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const loadedInitializer = (loaded.getLayer("conv") as unknown as { kernelInitializer: typeof initializer }).kernelInitializer;
    expect(loadedInitializer.getClassName()).toBe(TFJS_INITIALIZER_CLASS_NAME);
    expect(loadedInitializer.getConfig()).toEqual(initializer.getConfig());
    expect(loadedInitializer.settings).toEqual({ initCfg: { type: "Kaiming", mode: "fan_out", nonlinearity: "leaky_relu", a: 0.1 }, seed: 11, path: "conv.weight", layout: undefined, role: "weight" });
    const original = model.getLayer("conv").getWeights()[0]!.dataSync() as Float32Array;
    expect(bits(loaded.getLayer("conv").getWeights()[0]!.dataSync() as Float32Array)).toEqual(bits(original));
    // A model built afresh from the saved topology alone gets the same initial values.
    const rebuilt = await tfl.models.modelFromJSON({ modelTopology: saved!.modelTopology } as never);
    expect(bits(rebuilt.getLayer("conv").getWeights()[0]!.dataSync() as Float32Array)).toEqual(bits(original));
    expect(bits(original)).toEqual(bits(await hostValues({ type: "Kaiming", mode: "fan_out", nonlinearity: "leaky_relu", a: 0.1 }, [3, 3, 2, 4], "HWIO", 11, "conv")));
  });

  it("gives each tensor of a shared object its own key: path, then path#1", () => {
    const initializer = toTfjsInitializer({ type: "Normal", std: 1 }, { tf: namespace, seed: 0, path: "shared" });
    const first = initializer.apply([3, 3]) as tf.Tensor;
    const second = initializer.apply([3, 3]) as tf.Tensor;
    const again = toTfjsInitializer({ type: "Normal", std: 1 }, { tf: namespace, seed: 0, path: "shared#1" }).apply([3, 3]) as tf.Tensor;
    expect([...first.dataSync()]).not.toEqual([...second.dataSync()]);
    expect([...second.dataSync()]).toEqual([...again.dataSync()]);
    tf.dispose([first, second, again]);
  });

  it("refuses bad entries, settings and weights with coded errors", () => {
    expect(errorOf(() => toTfjsInitializer({ type: "Kaimin" }, { tf: namespace })).code).toBe("INITLIB_UNKNOWN_TYPE");
    expect(errorOf(() => toTfjsInitializer({ type: "Normal", sdt: 1 }, { tf: namespace })).path).toBe("toTfjsInitializer.initCfg.sdt");
    expect(errorOf(() => toTfjsInitializer({ type: "Normal", params: "**" }, { tf: namespace })).path).toBe("toTfjsInitializer.initCfg.params");
    expect(errorOf(() => toTfjsInitializer({ type: "Normal" }, { tf: namespace, seed: -1 })).path).toBe("toTfjsInitializer.seed");
    expect(errorOf(() => toTfjsInitializer({ type: "Normal" }, { tf: namespace, role: "gamma" as never })).path).toBe("toTfjsInitializer.role");
    expect(errorOf(() => toTfjsInitializer({ type: "Normal" }, { tf: tf as never })).path).toBe("toTfjsInitializer.tf");
    expect(errorOf(() => toTfjsInitializer({ type: "Pretrained", checkpoint: new Uint8Array(8) }, { tf: namespace })).code).toBe("INITLIB_BAD_CONFIG");
    const kaiming = toTfjsInitializer({ type: "Kaiming" }, { tf: namespace });
    expect(errorOf(() => kaiming.apply([4])).code).toBe("INITLIB_BAD_SHAPE");
    expect(errorOf(() => kaiming.apply([4, 4], "int32")).path).toBe(`${TFJS_INITIALIZER_CLASS_NAME}.apply.dtype`);
    // Host-computed initializers (QR, Dirac) hand their values over asynchronously; tfjs calls apply synchronously.
    const orthogonal = toTfjsInitializer({ type: "Orthogonal" }, { tf: namespace });
    expect(errorOf(() => orthogonal.apply([4, 4])).code).toBe("INITLIB_MISSING_CAPABILITY");
    const registered = kaiming.constructor as unknown as { fromConfig(cls: unknown, config: unknown): unknown };
    expect(errorOf(() => registered.fromConfig(registered, { settings: { name: "not json" } })).code).toBe("INITLIB_BAD_CONFIG");
  });
});
