import { BaseModule, BatchNorm2d, Conv2d, LayerNorm, Linear, Module, ModuleList, ReLU, Sequential } from "../src/index";
import type { ModuleInitCfg } from "../src/index";

/** One ViT-B/16 block: LayerNorm, qkv Linear 768→2304, proj 768→768, LayerNorm, MLP 768→3072→768. */
class VitBlock extends Module {
  static override readonly typeName = "VitBlock";
  norm1 = new LayerNorm({ normalizedShape: 768 });
  qkv = new Linear({ inFeatures: 768, outFeatures: 2304 });
  proj = new Linear({ inFeatures: 768, outFeatures: 768 });
  norm2 = new LayerNorm({ normalizedShape: 768 });
  fc1 = new Linear({ inFeatures: 768, outFeatures: 3072 });
  fc2 = new Linear({ inFeatures: 3072, outFeatures: 768 });
}

/** ViT-B/16-shaped model: 86.4M parameters (issue 4). */
export class VisionTransformer extends BaseModule {
  static override readonly typeName = "VisionTransformer";
  patchEmbed = new Conv2d({ inChannels: 3, outChannels: 768, kernelSize: 16, stride: 16 });
  blocks = new ModuleList(Array.from({ length: 12 }, () => new VitBlock()));
  norm = new LayerNorm({ normalizedShape: 768 });
  head = new Linear({ inFeatures: 768, outFeatures: 1000 });
  constructor(initCfg: ModuleInitCfg) {
    super(initCfg);
  }
}

export const VIT_INIT_CFG: ModuleInitCfg = [
  { type: "TruncNormal", std: 0.02, layer: "Linear" },
  { type: "Constant", val: 1, bias: 0, layer: "LayerNorm" },
  { type: "Kaiming", mode: "fan_in", layer: "Conv2d" },
];

class Bottleneck extends Module {
  static override readonly typeName = "Bottleneck";
  conv1: Conv2d;
  bn1: BatchNorm2d;
  conv2: Conv2d;
  bn2: BatchNorm2d;
  conv3: Conv2d;
  bn3: BatchNorm2d;
  relu = new ReLU();
  downsample: Sequential | null;
  constructor(inChannels: number, width: number, stride: number) {
    super();
    this.conv1 = new Conv2d({ inChannels, outChannels: width, kernelSize: 1, bias: false });
    this.bn1 = new BatchNorm2d({ numFeatures: width });
    this.conv2 = new Conv2d({ inChannels: width, outChannels: width, kernelSize: 3, stride, padding: 1, bias: false });
    this.bn2 = new BatchNorm2d({ numFeatures: width });
    this.conv3 = new Conv2d({ inChannels: width, outChannels: width * 4, kernelSize: 1, bias: false });
    this.bn3 = new BatchNorm2d({ numFeatures: width * 4 });
    this.downsample =
      stride !== 1 || inChannels !== width * 4
        ? new Sequential([new Conv2d({ inChannels, outChannels: width * 4, kernelSize: 1, stride, bias: false }), new BatchNorm2d({ numFeatures: width * 4 })])
        : null;
  }
}

/** ResNet-50-shaped model: 25.6M parameters. */
export class ResNet50 extends BaseModule {
  static override readonly typeName = "ResNet";
  conv1 = new Conv2d({ inChannels: 3, outChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false });
  bn1 = new BatchNorm2d({ numFeatures: 64 });
  layers = new ModuleList();
  fc = new Linear({ inFeatures: 2048, outFeatures: 1000 });
  constructor(initCfg: ModuleInitCfg) {
    super(initCfg);
    let inChannels = 64;
    [3, 4, 6, 3].forEach((blocks, stage) => {
      const width = 64 * 2 ** stage;
      const layer = new Sequential();
      for (let index = 0; index < blocks; index++) {
        layer.append(new Bottleneck(inChannels, width, index === 0 && stage > 0 ? 2 : 1));
        inChannels = width * 4;
      }
      this.layers.append(layer);
    });
  }
}

export const RESNET_INIT_CFG: ModuleInitCfg = [
  { type: "Kaiming", layer: "Conv2d" },
  { type: "Constant", val: 1, layer: "_BatchNorm" },
  { type: "Normal", std: 0.01, layer: "Linear" },
];

/** A stack of Linear(2048→2048) layers with about `parameters` parameters, TruncNormal-initialized. */
export class LinearStack extends BaseModule {
  static override readonly typeName = "LinearStack";
  layers: ModuleList;
  constructor(parameters: number) {
    super({ type: "TruncNormal", std: 0.02, layer: "Linear" });
    const count = Math.max(1, Math.round(parameters / (2048 * 2048 + 2048)));
    this.layers = new ModuleList(Array.from({ length: count }, () => new Linear({ inFeatures: 2048, outFeatures: 2048 })));
  }
}

export function countParameters(module: Module): number {
  return module.parameters().reduce((sum, p) => sum + p.size, 0);
}
