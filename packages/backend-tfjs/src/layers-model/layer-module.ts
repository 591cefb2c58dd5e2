import { Module, type ModuleBuffer, type Parameter } from "@initlib/core";
import type { LayerKind } from "./layer-kinds";
import type { LayerLike } from "./tfjs-layers-types";

/**
 * One layer of a wrapped tfjs-layers model in the initlib module tree. `typeName` is the tfjs class
 * (`Dense`, `Conv2D`); `typeBases` hold the equivalent torch class and its direct bases (`Linear`,
 * `Module`; `Conv2d`, `_ConvNd`), so `layer: 'Conv2D'` and MMEngine's `layer: 'Conv2d'` both match.
 * Parameters are the layer's weights under torch's names (`weight`, `bias`, `running_mean`, ...)
 * with their true tfjs layouts (`IO`, `HWIO`, `HWIM`, `HWOI`, ...).
 * @example
 * const conv = wrapped.getSubmodule("conv1") as TfjsLayerModule;
 * conv.tfjsLayer.getClassName(); // "Conv2D"
 */
export class TfjsLayerModule extends Module {
  static override readonly typeName: string = "TfjsLayer";
  static override readonly typeBases: readonly string[] = ["Module"];
  declare weight?: Parameter | null;
  declare bias?: Parameter | null;
  readonly #layer: LayerLike;
  readonly #kind: LayerKind | undefined;

  /** @internal built by `fromLayersModel`. */
  constructor(layer: LayerLike, kind: LayerKind | undefined, typeName: string, typeBases: readonly string[]) {
    super();
    this.#layer = layer;
    this.#kind = kind;
    this.setTypeIdentity(typeName, typeBases);
  }

  /** The tfjs-layers layer this module stands for. */
  get tfjsLayer(): LayerLike {
    return this.#layer;
  }

  /** How the layer's weights map to torch's (undefined for layers without weights). */
  get layerKind(): LayerKind | undefined {
    return this.#kind;
  }

  /** @internal sets a parameter or buffer (or `null` when the layer has none, e.g. `useBias: false`). */
  setState(property: string, tensor: Parameter | ModuleBuffer | null): void {
    (this as unknown as Record<string, unknown>)[property] = tensor;
  }
}

/**
 * A recurrent layer (`SimpleRNN`, `LSTM`, `GRU`). Initializers act on `weight` (the input kernel,
 * layout `IO`, shape `[in, gates·units]`) and `bias`, as MMEngine acts on a module's `weight` and
 * `bias`; the recurrent kernel (`recurrentWeight`, `[units, gates·units]`, layout `IO`) keeps its
 * tfjs initialization (orthogonal by default) unless a checkpoint or user code writes it.
 *
 * Fans equal torch's: torch's `weight_ih_l0` is `(gates·H, in)`, so fan_in = in and
 * fan_out = gates·H; the tfjs kernel `[in, gates·H]` read as `IO` gives the same. The gate blocks
 * lie along the output axis in tfjs's order (`gates`): LSTM `i, f, c, o` equals torch's `i, f, g, o`.
 * @example
 * const lstm = wrapped.getSubmodule("lstm") as RecurrentLayerModule;
 * lstm.gates; // ["i", "f", "c", "o"]
 */
export class RecurrentLayerModule extends TfjsLayerModule {
  static override readonly typeName: string = "TfjsRecurrentLayer";
  /** torch's names for RNN and LSTM: `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`. */
  static override readonly stateNames: Readonly<Record<string, string>> = {
    weight: "weight_ih_l0",
    recurrentWeight: "weight_hh_l0",
    bias: "bias_ih_l0",
  };
  declare recurrentWeight?: Parameter | null;

  /** Gate blocks along the kernels' output axis, tfjs order. */
  get gates(): readonly string[] {
    return this.layerKind?.gates ?? [];
  }
}

/**
 * tfjs's GRU: gates `z, r, h`, reset applied before the recurrent product, one bias. torch's GRU
 * (gates `r, z, n`, reset after the product, two biases) computes something else, so the weights keep
 * tfjs's names (`kernel`, `recurrent_kernel`, `bias`) and a torch GRU checkpoint never loads into it.
 * @example
 * const gru = wrapped.getSubmodule("gru") as GruLayerModule;
 * gru.weight?.fans; // { fanIn: in, fanOut: 3·units }
 */
export class GruLayerModule extends RecurrentLayerModule {
  static override readonly typeName: string = "TfjsGruLayer";
  static override readonly stateNames: Readonly<Record<string, string>> = {
    weight: "kernel",
    recurrentWeight: "recurrent_kernel",
    bias: "bias",
  };
}
