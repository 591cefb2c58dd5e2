import { ModuleBuffer, materialize, Module, Parameter, type ModuleInitCfg } from "@initlib/core";
import type { FillRule } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { createTfjsBackend } from "../create-tfjs-backend";
import type { TfjsNamespace, TfjsVariable } from "../tfjs-namespace";
import { layerKindOf, type WeightSpec } from "./layer-kinds";
import { GruLayerModule, RecurrentLayerModule, TfjsLayerModule } from "./layer-module";
import { createLayersModelBinder, type LayersModelBinder } from "./layers-model-backend";
import { LayersModelModule, WrappedLayersModel } from "./layers-model-module";
import { isLayersModelLike, type LayerLike, type LayerVariableLike, type LayersModelLike } from "./tfjs-layers-types";

/** Options of {@link fromLayersModel}. */
export interface FromLayersModelOptions {
  /** The root's `initCfg`, MMEngine style (`layer` may name tfjs or torch classes). @default null */
  readonly initCfg?: ModuleInitCfg;
  /** The `tf` namespace the model was built with. @default `@tensorflow/tfjs-core`, imported lazily */
  readonly tf?: TfjsNamespace;
  /** The tfjs backend to run on. @default the active one */
  readonly backendName?: string;
}

const ZERO: FillRule = { kind: "constant", value: 0 };
const SEPARABLE_PARTS = {
  depthwise: { typeName: "DepthwiseConv2D", typeBases: ["Conv2d", "_ConvNd", "SeparableConv2D"] },
  pointwise: { typeName: "Conv2D", typeBases: ["Conv2d", "_ConvNd", "SeparableConv2D"] },
} as const;

function weightName(variable: LayerVariableLike): string {
  return variable.originalName.slice(variable.originalName.lastIndexOf("/") + 1);
}

class TreeBuilder {
  constructor(
    private readonly tf: TfjsNamespace,
    private readonly binder: LayersModelBinder,
  ) {}

  addLayers(parent: Module, container: LayersModelLike, path: string): void {
    for (const layer of container.layers) {
      if (layer.getClassName() === "InputLayer") continue;
      const name = layer.name;
      const childPath = path === "" ? name : `${path}.${name}`;
      if (name.includes(".") || name === "" || name in parent) {
        throw new InitlibError("INITLIB_BAD_CONFIG", `tfjs layer name '${name}' cannot be a module name in initlib`, {
          path: childPath,
          received: name,
          expected: "a layer name without dots that is not a property of a module (initCfg, children, parameters, ...)",
          hint: "give the layer another `name` when building the model",
        });
      }
      const child = isLayersModelLike(layer) ? this.modelModule(layer, childPath) : this.layerModule(layer, childPath);
      (parent as unknown as Record<string, unknown>)[name] = child;
    }
  }

  private modelModule(model: LayersModelLike, path: string): LayersModelModule {
    const module = new LayersModelModule(model);
    this.addLayers(module, model, path);
    return module;
  }

  private layerModule(layer: LayerLike, path: string): TfjsLayerModule {
    const className = layer.getClassName();
    const kind = layerKindOf(layer, path);
    if (kind === undefined) return new TfjsLayerModule(layer, undefined, className, ["Module"]);
    const module =
      kind.gates === undefined
        ? new TfjsLayerModule(layer, kind, className, kind.typeBases)
        : kind.torchNames
          ? new RecurrentLayerModule(layer, kind, className, kind.typeBases)
          : new GruLayerModule(layer, kind, className, kind.typeBases);
    const variables = new Map(layer.weights.map((variable) => [weightName(variable), variable]));
    const targets = new Map<string, TfjsLayerModule>();
    const targetOf = (spec: WeightSpec): TfjsLayerModule => {
      if (spec.child === undefined) return module;
      let target = targets.get(spec.child);
      if (target === undefined) {
        const part = SEPARABLE_PARTS[spec.child];
        target = new TfjsLayerModule(layer, kind, part.typeName, part.typeBases);
        targets.set(spec.child, target);
        (module as unknown as Record<string, unknown>)[spec.child] = target;
      }
      return target;
    };
    for (const spec of kind.weights) {
      const variable = variables.get(spec.tfjsName);
      variables.delete(spec.tfjsName);
      targetOf(spec).setState(spec.property, variable === undefined ? null : this.tensor(variable, spec, `${path}.${spec.property}`));
    }
    if (variables.size > 0) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `tfjs layer ${layer.name} (${className}) has weights initlib does not map`, {
        path,
        received: [...variables.values()].map((variable) => variable.originalName),
        expected: `the weights of ${className}: ${kind.weights.map((spec) => spec.tfjsName).join(", ")}`,
      });
    }
    return module;
  }

  private tensor(layerVariable: LayerVariableLike, spec: WeightSpec, path: string): Parameter | ModuleBuffer {
    const { tf, binder } = this;
    const variable = layerVariable.read() as TfjsVariable;
    if (tf.engine().registeredVariables[variable.name] !== variable) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `the variable of ${layerVariable.originalName} belongs to another copy of tfjs-core`, {
        path,
        received: layerVariable.originalName,
        expected: "a model built with the same tfjs-core as the `tf` option",
        hint: "pass { tf } from the package the model was built with (@tensorflow/tfjs or @tensorflow/tfjs-core)",
      });
    }
    const shape = [...variable.shape];
    const values: FillRule = {
      kind: "values",
      source: `tfjs-layers weight ${layerVariable.originalName}`,
      load: async () => Float32Array.from((await variable.data()) as Float32Array),
    };
    const options = {
      layout: spec.layout?.(shape),
      // While binding, storages receive the model's variable: nothing is read or written.
      init: () => (binder.binding ? ZERO : values),
      initSource: `tfjs-layers weight ${layerVariable.originalName}`,
    };
    const tensor = spec.kind === "buffer" ? new ModuleBuffer(shape, options) : new Parameter(shape, options);
    binder.register({ tensor, variable, originalName: layerVariable.originalName });
    return tensor;
  }
}

/**
 * Presents a tfjs-layers model (`tf.sequential()`, a functional `tf.model()`, nested models too) as an
 * initlib module tree whose parameters are the model's weight variables: `initWeights()` with an
 * MMEngine `initCfg` writes the model's real weights, and `Pretrained` loads torch checkpoints into it
 * (torch layouts transposed to the declared tfjs ones).
 *
 * Layers become children named as tfjs names them; each weight gets torch's name and its true layout
 * (Dense kernel `IO` → `weight`, Conv2D kernel `HWIO`, DepthwiseConv2D `HWIM`, Conv2DTranspose `HWOI`,
 * BatchNormalization moving statistics → buffers `running_mean`/`running_var`, LSTM kernels →
 * `weight_ih_l0`/`weight_hh_l0`). `layer` matches the tfjs class and the torch one (`'Dense'` or
 * `'Linear'`). Weights no initializer writes keep the model's values.
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8 })] });
 * const wrapped = await fromLayersModel(model, { tf, initCfg: { type: "Kaiming", layer: "Linear", mode: "fan_in" } });
 * await wrapped.initWeights({ seed: 0 });
 */
export async function fromLayersModel(model: LayersModelLike, options: FromLayersModelOptions = {}): Promise<WrappedLayersModel> {
  if (!isLayersModelLike(model)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "fromLayersModel needs a tfjs-layers model", {
      path: "model",
      received: model,
      expected: "a tf.Sequential or tf.LayersModel (built: its layers have their weights)",
      hint: "pass the result of tf.sequential({...}) or tf.model({...}); a Sequential without an input shape must be built first",
    });
  }
  const inner = await createTfjsBackend({ tf: options.tf, backendName: options.backendName });
  const binder = createLayersModelBinder(inner);
  const root = new WrappedLayersModel(model, binder, options.initCfg);
  new TreeBuilder(inner.tf, binder).addLayers(root, model, "");
  await binder.bindAll(() => materialize(root, binder.backend));
  return root;
}
