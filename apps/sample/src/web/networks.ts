import { BaseModule, Conv2d, Linear, ReLU, Sequential, type Module, type ModuleInitCfg, type Parameter } from "@initlib/core";
import type { Tensor } from "@tensorflow/tfjs-core";
import type { LayerWeights } from "./forward-pass";
import type { InitCfgEntry } from "./presets";

/** Ids of the networks the page offers. */
export const NETWORK_IDS = ["mlp", "cnn"] as const;
/** One of {@link NETWORK_IDS}. */
export type NetworkId = (typeof NETWORK_IDS)[number];

/** A deep network of the page: how to build it and the input batch it is run on. */
export interface NetworkDefinition {
  readonly id: NetworkId;
  readonly label: string;
  /** Number of weight layers, each followed by a ReLU. */
  readonly depth: number;
  /** Shape of the random input batch (`[batch, features]` or NHWC `[batch, height, width, channels]`). */
  readonly inputShape: readonly number[];
}

/** Depth of both networks. */
export const NETWORK_DEPTH = 30;
const MLP_WIDTH = 256;
const CNN_CHANNELS = 16;

/**
 * The two networks: a ReLU MLP of 30 `Linear(256, 256)` layers and a ReLU CNN of 30 3×3 `Conv2d`
 * layers (3 → 16 channels, then 16 → 16, `padding_mode="reflect"`) on 16×16 images. Batches are
 * small on purpose: software WebGPU (SwiftShader) pays per dispatch, and the std estimates only
 * need a few thousand activations per layer.
 * @example
 * NETWORKS.mlp.inputShape; // [64, 256]
 */
export const NETWORKS: Readonly<Record<NetworkId, NetworkDefinition>> = {
  mlp: { id: "mlp", label: `Deep MLP: ${NETWORK_DEPTH} × (Linear ${MLP_WIDTH}→${MLP_WIDTH} + ReLU)`, depth: NETWORK_DEPTH, inputShape: [64, MLP_WIDTH] },
  cnn: { id: "cnn", label: `Deep CNN: ${NETWORK_DEPTH} × (Conv2d 3×3, ${CNN_CHANNELS} channels + ReLU)`, depth: NETWORK_DEPTH, inputShape: [2, 16, 16, 3] },
};

/**
 * The network as an initlib module tree: a `DeepNet` BaseModule holding the `initCfg`, whose
 * `layers` is a `Sequential` of weight layers and ReLUs (torch names `layers.0`, `layers.2`, ...).
 * @example
 * const model = buildNetwork("mlp", [{ type: "Kaiming", mode: "fan_in", layer: "Linear" }]);
 * await model.initWeights({ backend, seed: 0 });
 */
export function buildNetwork(id: NetworkId, initCfg: readonly InitCfgEntry[]): DeepNet {
  const modules: Module[] = [];
  for (let depth = 0; depth < NETWORK_DEPTH; depth++) {
    if (id === "mlp") modules.push(new Linear({ inFeatures: MLP_WIDTH, outFeatures: MLP_WIDTH }));
    else modules.push(new Conv2d({ inChannels: depth === 0 ? 3 : CNN_CHANNELS, outChannels: CNN_CHANNELS, kernelSize: 3, padding: 1, paddingMode: "reflect" }));
    modules.push(new ReLU());
  }
  return new DeepNet(modules, initCfg);
}

/** The root module of the page's networks. */
export class DeepNet extends BaseModule {
  static override readonly typeName: string = "DeepNet";
  static override readonly typeBases: readonly string[] = ["BaseModule"];
  readonly layers: Sequential;

  constructor(modules: Module[], initCfg: readonly InitCfgEntry[]) {
    super(initCfg as ModuleInitCfg);
    this.layers = new Sequential(modules);
  }
}

/** The Linear/Conv2d layers of a network with their dotted names, in depth order. */
export function weightLayersOf(model: Module): { readonly name: string; readonly module: Linear | Conv2d }[] {
  return model.namedModules().flatMap(([name, module]) => (module instanceof Linear || module instanceof Conv2d ? [{ name, module }] : []));
}

/**
 * The weights and biases of every Linear/Conv2d layer of an initialized network, in depth order,
 * for the forward pass: the parameters' own tfjs tensors where `tensorOf` finds them (no copy),
 * else their values read back to the host.
 * @example
 * const layers = await layerWeightsOf(model, (parameter) => variableOf(parameter.storage));
 */
export async function layerWeightsOf(model: Module, tensorOf: (parameter: Parameter) => Tensor | undefined = () => undefined): Promise<LayerWeights[]> {
  const valuesOf = async (parameter: Parameter): Promise<Float32Array | Tensor> => tensorOf(parameter) ?? (await parameter.read());
  const layers: LayerWeights[] = [];
  for (const { name, module } of weightLayersOf(model)) {
    layers.push({
      name,
      kind: module instanceof Linear ? "linear" : "conv2d",
      weightShape: module.weight.shape,
      weight: await valuesOf(module.weight),
      bias: module.bias ? await valuesOf(module.bias) : null,
    });
  }
  return layers;
}
