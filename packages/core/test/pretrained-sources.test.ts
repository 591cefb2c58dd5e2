import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeSafetensors } from "@initlib/checkpoint";
import { describe, expect, it } from "vitest";
import { BaseModule, buildModuleFromSpec, Linear, silentLogger } from "../src/index";

class Net extends BaseModule {
  static override readonly typeName = "Net";
  fc = new Linear({ inFeatures: 2, outFeatures: 2 });
}

const weights = encodeSafetensors({
  "fc.weight": { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] },
  "fc.bias": { data: new Float32Array([5, 6]), shape: [2] },
});

describe("Pretrained checkpoints given in every form", () => {
  it("loads from bytes, an ArrayBuffer, a Blob, a Response and a reader object", async () => {
    const inputs = [
      weights,
      weights.slice().buffer,
      new Blob([weights]),
      new Response(weights),
      { name: "mine", size: weights.length, read: async (offset: number, length: number) => weights.slice(offset, offset + length), close: async () => undefined },
    ];
    for (const checkpoint of inputs) {
      const net = new Net({ type: "Pretrained", checkpoint });
      const report = await net.initWeights({ logger: silentLogger });
      expect([...(await net.fc.weight.read())]).toEqual([1, 2, 3, 4]);
      expect(report.loadReports[0]!.loaded).toEqual(["fc.weight", "fc.bias"]);
    }
  });

  it("loads from a sharded index, opening only the shards the model needs", async () => {
    const directory = mkdtempSync(join(tmpdir(), "initlib-sharded-"));
    try {
      writeFileSync(join(directory, "model-00001-of-00002.safetensors"), weights);
      // The second shard is named by the index but absent: opening it would fail the load.
      writeFileSync(
        join(directory, "model.safetensors.index.json"),
        JSON.stringify({ weight_map: { "fc.weight": "model-00001-of-00002.safetensors", "fc.bias": "model-00001-of-00002.safetensors", "other.w": "model-00002-of-00002.safetensors" } }),
      );
      const net = new Net({ type: "Pretrained", checkpoint: join(directory, "model.safetensors.index.json") });
      const report = await net.initWeights({ logger: silentLogger });
      expect([...(await net.fc.bias!.read())]).toEqual([5, 6]);
      expect(report.loadReports[0]!.unexpected).toEqual(["other.w"]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("a scoped type name", () => {
  it("mmengine.Pretrained is Pretrained: relative paths from the model file's folder, run last, no false warning", async () => {
    const directory = mkdtempSync(join(tmpdir(), "initlib-scoped-"));
    try {
      writeFileSync(join(directory, "w.safetensors"), weights);
      const model = buildModuleFromSpec(
        {
          class: "Net",
          base: "BaseModule",
          init_cfg: [{ type: "mmengine.Pretrained", checkpoint: "w.safetensors" }, { type: "Constant", val: 9, layer: "Linear" }],
          children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 2 } } }],
        },
        { baseDirectory: directory },
      ) as BaseModule;
      const report = await model.initWeights({ logger: silentLogger });
      expect([...(await (model.getSubmodule("fc") as Linear).weight.read())]).toEqual([1, 2, 3, 4]);
      expect(report.warnings).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
