import { BaseModule, Conv2d, Linear, Module, Parameter, materialize } from "@initlib/core";
import { writeSafetensors } from "@initlib/checkpoint";
import type { Backend } from "@initlib/initializers";

/** One of MMEngine's documentation examples, written with initlib's classes. */
export interface DocumentationExample {
  readonly title: string;
  /** The model and its `initCfg`, as MMEngine's documentation writes them (Python). */
  readonly python: string;
  /** Builds the model; `workDirectory` is a fresh temporary folder the example may write to. */
  build(workDirectory: string, backend: Backend): Promise<BaseModule>;
}

// ToyNet of the first example: one Linear named conv1 (MMEngine's documentation names it so).
class PretrainedToyNet extends BaseModule {
  static override readonly typeName = "ToyNet";
  conv1 = new Linear({ inFeatures: 1, outFeatures: 1 });
}

class LinearConvToyNet extends BaseModule {
  static override readonly typeName = "ToyNet";
  linear = new Linear({ inFeatures: 1, outFeatures: 1 });
  conv = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
}

class TwoConvToyNet extends BaseModule {
  static override readonly typeName = "ToyNet";
  conv1 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
  conv2 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
}

/** A plain module (not a BaseModule) with its own `initWeights()`, as in MMEngine's documentation. */
class ToyConv extends Module {
  static override readonly typeName = "ToyConv";
  static override readonly typeBases = ["Module"];
  customWeight = new Parameter([1, 1, 1, 1]);
  customBias = new Parameter([1]);
  static readonly stateNames = { customWeight: "custom_weight", customBias: "custom_bias" };

  async initWeights(): Promise<void> {
    await this.customWeight.fill(1);
    await this.customBias.fill(0);
  }
}

class CustomToyNet extends TwoConvToyNet {
  static override readonly typeName = "ToyNet";
  customConv = new ToyConv();
  static readonly stateNames = { customConv: "custom_conv" };
}

/**
 * MMEngine's five initialization examples ("Initialize the model" in its documentation), in the
 * order the documentation gives them.
 * @example
 * for (const example of DOCUMENTATION_EXAMPLES) await (await example.build(dir, backend)).initWeights({ backend });
 */
export const DOCUMENTATION_EXAMPLES: readonly DocumentationExample[] = [
  {
    title: "Pretrained: ToyNet loaded from a saved checkpoint",
    python: `class ToyNet(BaseModule):
    def __init__(self, init_cfg=None):
        super().__init__(init_cfg)
        self.conv1 = nn.Linear(1, 1)

torch.save(ToyNet().state_dict(), './pretrained.pth')   # here: pretrained.safetensors
toy_net = ToyNet(init_cfg=dict(type='Pretrained', checkpoint='pretrained.safetensors'))`,
    async build(workDirectory, backend) {
      // Save a freshly constructed ToyNet (torch's default values), as the documentation does.
      const saved = new PretrainedToyNet();
      await materialize(saved, backend, { seed: 2024 });
      const tensors = Object.fromEntries(
        await Promise.all(saved.namedParameters().map(async ([name, parameter]) => [name, { data: await parameter.read(), shape: parameter.shape }] as const)),
      );
      await writeSafetensors(`${workDirectory}/pretrained.safetensors`, tensors);
      await Promise.all(saved.parameters().map((parameter) => parameter.dispose()));
      const model = new PretrainedToyNet({ type: "Pretrained", checkpoint: "pretrained.safetensors" });
      model.pretrainedDefaults = { baseDirectory: workDirectory };
      return model;
    },
  },
  {
    title: "Kaiming for Conv2d, Xavier for Linear",
    python: `toy_net = ToyNet(init_cfg=[dict(type='Kaiming', layer='Conv2d'), dict(type='Xavier', layer='Linear')])`,
    build: async () => new LinearConvToyNet([{ type: "Kaiming", layer: "Conv2d" }, { type: "Xavier", layer: "Linear" }]),
  },
  {
    title: "One rule for several layer types: layer as a list",
    python: `toy_net = ToyNet(init_cfg=[dict(type='Kaiming', layer=['Conv2d', 'Linear'])])`,
    build: async () => new LinearConvToyNet([{ type: "Kaiming", layer: ["Conv2d", "Linear"] }]),
  },
  {
    title: "override: Xavier for conv2, Kaiming for the other Conv2d",
    python: `toy_net = ToyNet(init_cfg=[dict(type='Kaiming', layer=['Conv2d'],
                                  override=dict(name='conv2', type='Xavier'))])`,
    build: async () => new TwoConvToyNet([{ type: "Kaiming", layer: ["Conv2d"], override: { name: "conv2", type: "Xavier" } }]),
  },
  {
    title: "A child with a user-defined init_weights()",
    python: `class ToyConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.custom_weight = nn.Parameter(torch.empty(1, 1, 1, 1))
        self.custom_bias = nn.Parameter(torch.empty(1))

    def init_weights(self):
        with torch.no_grad():
            self.custom_weight = self.custom_weight.fill_(1)
            self.custom_bias = self.custom_bias.fill_(0)

toy_net = ToyNet(init_cfg=[dict(type='Kaiming', layer=['Conv2d'],
                                override=dict(name='conv2', type='Xavier'))])  # + self.custom_conv = ToyConv()`,
    build: async () => new CustomToyNet([{ type: "Kaiming", layer: ["Conv2d"], override: { name: "conv2", type: "Xavier" } }]),
  },
];
