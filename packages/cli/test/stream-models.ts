import { writeSafetensors } from "@initlib/checkpoint";
import { join } from "node:path";
import { writeFileSync } from "node:fs";

let modelFiles = 0;

/**
 * Writes a model file mixing every kind of rule a streamed init executes: random rules (Normal,
 * TruncNormal, Kaiming's defaults), constants (biases, BatchNorm buffers), host-computed values
 * (Orthogonal) and a Pretrained head read from a checkpoint; returns its path.
 */
export async function writeMixedModel(directory: string, width = 64): Promise<string> {
  const checkpoint = join(directory, "head.safetensors");
  const weight = Float32Array.from({ length: 10 * width }, (_, index) => Math.sin(index) / 3);
  await writeSafetensors(checkpoint, { "fc.weight": { data: weight, shape: [10, width] }, "fc.bias": { data: new Float32Array(10).fill(0.5), shape: [10] } });
  const linear = (inFeatures: number, outFeatures: number) => ({ class: "Linear", base: "nn.Linear", args: { in_features: inFeatures, out_features: outFeatures } });
  const spec = {
    class: "Mixed",
    base: "BaseModule",
    init_cfg: [
      { type: "Normal", layer: "Linear", std: 0.02 },
      { type: "TruncNormal", layer: "Linear", std: 0.02, override: { name: "block1" } },
      { type: "Orthogonal", layer: "Linear", override: { name: "block2" } },
    ],
    children: [
      { name: "block0", module: linear(width, width * 2) },
      { name: "block1", module: linear(width * 2, width * 2) },
      { name: "block2", module: linear(width * 2, width) },
      { name: "norm", module: { class: "BatchNorm1d", base: "nn.BatchNorm1d", args: { num_features: width } } },
      { name: "conv", module: { class: "Conv2d", base: "nn.Conv2d", args: { in_channels: 3, out_channels: 8, kernel_size: 3 } } },
      { name: "head", module: { class: "Head", base: "BaseModule", init_cfg: { type: "Pretrained", checkpoint }, children: [{ name: "fc", module: linear(width, 10) }] } },
    ],
  };
  const path = join(directory, "mixed.json");
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Every file of a directory (hidden ones included) with its bytes. */
export function filesOf(directory: string, readdir: (path: string) => string[], read: (path: string) => Uint8Array): Map<string, Uint8Array> {
  return new Map(readdir(directory).sort().map((name) => [name, read(join(directory, name))]));
}

/**
 * Writes a model file whose only module is a Linear loaded by Pretrained from `checkpoint`, into
 * `directory` under a name not used before in this process; returns its path.
 */
export function writePretrainedModel(directory: string, checkpoint: string, inFeatures: number, outFeatures: number): string {
  const spec = {
    class: "Head",
    base: "BaseModule",
    init_cfg: { type: "Pretrained", checkpoint },
    children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: inFeatures, out_features: outFeatures } } }],
  };
  const path = join(directory, `pretrained-model-${modelFiles++}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}
