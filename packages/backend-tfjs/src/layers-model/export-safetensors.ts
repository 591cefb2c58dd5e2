import { writeSafetensors, type ByteSink } from "@initlib/checkpoint";
import { Module, type StateTensor } from "@initlib/core";
import { type Layout } from "@initlib/initializers";
import { layoutPermutation, torchLayoutOf, transposeAxes } from "@initlib/initializers/internal";
import { InitlibError } from "@initlib/registry";
import type { TfjsNamespace } from "../tfjs-namespace";
import { fromLayersModel } from "./from-layers-model";
import { GruLayerModule, RecurrentLayerModule } from "./layer-module";
import { isLayersModelLike, type LayersModelLike } from "./tfjs-layers-types";

/** One tensor of a state dict in torch's layout. */
export interface TorchTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** Options of {@link exportSafetensors}. */
export interface ExportSafetensorsOptions {
  /** The `tf` namespace, when `source` is a tfjs-layers model. @default `@tensorflow/tfjs-core`, imported lazily */
  readonly tf?: TfjsNamespace;
  /** Extra `__metadata__` entries. `format: "pt"` is always written. @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * A tensor's values in torch's layout: tfjs layouts are transposed to the torch weight of the same
 * layer (`HWIO` → `OIHW`, `HWOI` → `IOHW`, `IO` → `OI`), a depthwise `HWIM` kernel becomes torch's
 * `(I·M, 1, kh, kw)` grouped-convolution weight; torch layouts, vectors and scalars stay as they are.
 */
export function toTorchLayout(values: Float32Array, shape: readonly number[], layout: Layout | undefined): TorchTensor {
  if (layout === undefined || shape.length < 2) return { data: values, shape };
  if (layout.includes("M")) {
    const permutation = layoutPermutation(layout, `IM${layout.replace("I", "").replace("M", "")}`)!;
    const receptive = permutation.slice(2).map((axis) => shape[axis]!);
    const channels = shape[layout.indexOf("I")]! * shape[layout.indexOf("M")]!;
    return { data: transposeAxes(values, shape, permutation), shape: [channels, 1, ...receptive] };
  }
  const torchLayout = torchLayoutOf(layout);
  if (torchLayout === layout) return { data: values, shape };
  const permutation = layoutPermutation(layout, torchLayout);
  if (permutation === undefined) return { data: values, shape };
  return { data: transposeAxes(values, shape, permutation), shape: permutation.map((axis) => shape[axis]!) };
}

/**
 * The state dict of a module tree (initlib's own or a wrapped tfjs-layers model) as torch would
 * save it: torch's key names in `state_dict()` order, every tensor in torch's layout (see
 * {@link toTorchLayout}). Recurrent layers with torch names also get torch's second bias
 * (`bias_hh_l0`, zeros: tfjs has one bias, torch adds both).
 * @example
 * const state = await torchStateDict(wrapped);
 * state.get("conv1.weight")!.shape; // [16, 3, 3, 3]
 */
export async function torchStateDict(module: Module): Promise<Map<string, TorchTensor>> {
  const out = new Map<string, TorchTensor>();
  const seen = new Set<StateTensor>();
  for (const [path, current] of module.namedModules()) {
    const prefix = path === "" ? "" : `${path}.`;
    for (const [name, tensor] of [...current.ownParameters(), ...current.ownBuffers()]) {
      if (seen.has(tensor)) continue;
      seen.add(tensor);
      out.set(prefix + name, toTorchLayout(await tensor.read(), tensor.shape, tensor.layout));
    }
    if (current instanceof RecurrentLayerModule && !(current instanceof GruLayerModule) && current.bias) {
      out.set(`${prefix}bias_hh_l0`, { data: new Float32Array(current.bias.size), shape: current.bias.shape });
    }
  }
  return out;
}

/**
 * Writes a module tree, or a tfjs-layers model (wrapped on the fly), to a safetensors file with
 * torch's key names and layouts, so `torch.nn.Module.load_state_dict` (or initlib's `Pretrained`)
 * reads it. Resolves to the keys written, in order.
 *
 * BatchNorm's `num_batches_tracked` is not written (tfjs has no such counter; torch fills it in on
 * load). tfjs's GRU keeps its own names (`kernel`, ...; it is not torch's GRU).
 * @example
 * await exportSafetensors(wrapped, "model.safetensors");
 * await exportSafetensors(model, "model.safetensors", { tf }); // a tf.LayersModel directly
 */
export async function exportSafetensors(
  source: Module | LayersModelLike,
  target: string | ByteSink,
  options: ExportSafetensorsOptions = {},
): Promise<string[]> {
  let module: Module;
  if (source instanceof Module) module = source;
  else if (isLayersModelLike(source)) module = await fromLayersModel(source, { tf: options.tf });
  else {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "exportSafetensors needs an initlib module or a tfjs-layers model", {
      path: "source",
      received: source,
      expected: "a Module (e.g. the result of fromLayersModel) or a tf.LayersModel",
    });
  }
  const state = await torchStateDict(module);
  await writeSafetensors(target, Object.fromEntries(state), { ...options.metadata, format: "pt" });
  return [...state.keys()];
}
