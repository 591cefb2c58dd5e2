import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { CheckpointError, writeSafetensors, type SafetensorsTensor } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { afterAll, describe, expect, it } from "vitest";
import type { FillRule } from "../fill-rule";
import type { ModuleLike, StateEntry } from "../module-like";
import type { ParamLike } from "../param-like";
import type { InitializerPlan } from "../weight-initializer";
import { PretrainedInit } from "./index";
import { transposeAxes } from "./layout-transpose";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const expected: Record<string, Record<string, { shape: number[]; values: number[] }>> = JSON.parse(readFileSync(fixture("expected.json"), "utf8"));
const directory = mkdtempSync(join(tmpdir(), "initlib-pretrained-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A structural module: named state entries with shapes and optional layouts. */
function fakeModule(entries: Record<string, { shape: number[]; layout?: string; kind?: "parameter" | "buffer" }>): ModuleLike {
  const state: StateEntry[] = Object.entries(entries).map(([name, { shape, layout, kind }]) => ({
    name,
    kind: kind ?? "parameter",
    tensor: { shape, ...(layout === undefined ? {} : { layout }) } as ParamLike,
  }));
  const module: ModuleLike = {
    typeName: "FakeModel",
    typeBases: ["BaseModule"],
    modulesPostOrder: () => [module],
    stateEntries: () => state,
  };
  return module;
}

async function loadAll(plan: InitializerPlan): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const write of plan.writes) {
    const rule = write.rule as Extract<FillRule, { kind: "values" }>;
    expect(rule.kind).toBe("values");
    out[rule.source.split(":").pop()!] = [...(await rule.load())];
  }
  return out;
}

async function safetensors(name: string, tensors: Record<string, SafetensorsTensor>, metadata: Record<string, string> = {}): Promise<string> {
  const path = join(directory, name);
  await writeSafetensors(path, tensors, metadata);
  return path;
}

const range = (count: number, start = 0) => Float32Array.from({ length: count }, (_, index) => start + index);

describe("PretrainedInit arguments", () => {
  it("has MMEngine's info string, no layer and accepts map_location", () => {
    const init = new PretrainedInit({ checkpoint: "a.pth", map_location: "cpu" } as never);
    expect(init.info).toBe("PretrainedInit: load from a.pth");
    expect(init.layer).toEqual([]);
    expect(init.mapLocation).toBe("cpu");
  });

  it("rejects keys it does not take, e.g. layer", () => {
    const error = (() => {
      try {
        new PretrainedInit({ checkpoint: "a.pth", layer: "Conv2d" } as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(InitlibError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "layer" });
    expect((error as Error).message).toContain('unexpected argument "layer"');
  });

  it("requires a checkpoint and validates renames and prefix", () => {
    expect(() => new PretrainedInit({} as never)).toThrow(/missing required argument "checkpoint"/);
    expect(() => new PretrainedInit({ checkpoint: "a", renames: [{ pattern: "(", replacement: "" }] })).toThrow(/invalid regular expression/);
    expect(() => new PretrainedInit({ checkpoint: "a", renames: [{ pattern: "a" }] as never })).toThrow(/pattern and a replacement/);
    expect(() => new PretrainedInit({ checkpoint: "a", prefix: 3 as never })).toThrow(/prefix must be/);
  });
});

describe("PretrainedInit.plan", () => {
  it("fails before any write with MMEngine's message when the file is missing", async () => {
    const init = new PretrainedInit({ checkpoint: "missing/nothing.pth", baseDirectory: directory });
    const error = await init.plan(fakeModule({ w: { shape: [1] } })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT", path: "checkpoint" });
    expect((error as Error).message).toContain("missing/nothing.pth can not be found.");
    expect(CheckpointError.isInstance((error as Error).cause)).toBe(true);
  });

  it("unwraps state_dict, strips module. and loads a real PyTorch checkpoint, transposing to tfjs layouts", async () => {
    const checkpoint = relative(process.cwd(), fixture("wrapped-module.pth"));
    const model = fakeModule({
      "linear.weight": { shape: [3, 2], layout: "IO" },
      "linear.bias": { shape: [2] },
      "conv.weight": { shape: [3, 3, 2, 4], layout: "HWIO" },
      "conv.bias": { shape: [4] },
    });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    expect(plan.logs).toEqual([
      { level: "info", message: `load model from: ${checkpoint}` },
      { level: "info", message: `Loads checkpoint by local backend from path: ${checkpoint}` },
    ]);
    expect(plan.loadReport).toEqual({ checkpoint, loaded: ["linear.weight", "linear.bias", "conv.weight", "conv.bias"], missing: [], unexpected: [], shapeMismatched: [], converted: [] });
    expect(plan.writes.every((write) => write.info === `PretrainedInit: load from ${checkpoint}`)).toBe(true);
    const values = await loadAll(plan);
    const source = expected["wrapped-module.pth"]!;
    expect(values["state_dict.module.linear.bias"]).toEqual(source["state_dict.module.linear.bias"]!.values);
    // OI [2, 3] → IO [3, 2]
    const linear = source["state_dict.module.linear.weight"]!.values;
    expect(values["state_dict.module.linear.weight"]).toEqual([0, 3, 1, 4, 2, 5].map((index) => linear[index]));
    // OIHW [4, 2, 3, 3] → HWIO [3, 3, 2, 4]: element (h, w, i, o) = torch (o, i, h, w)
    const conv = source["state_dict.module.conv.weight"]!.values;
    const hwio = values["state_dict.module.conv.weight"]!;
    for (const [h, w, i, o] of [[0, 0, 0, 0], [2, 1, 1, 3], [1, 2, 0, 2]] as const) {
      expect(hwio[((h * 3 + w) * 2 + i) * 4 + o]).toBe(conv[((o * 2 + i) * 3 + h) * 3 + w]);
    }
  });

  it("loads BatchNorm buffers, reports converted dtypes and never reports num_batches_tracked missing", async () => {
    const model = fakeModule({
      weight: { shape: [3] },
      bias: { shape: [3] },
      running_mean: { shape: [3], kind: "buffer" },
      running_var: { shape: [3], kind: "buffer" },
      num_batches_tracked: { shape: [], kind: "buffer" },
      "extra.num_batches_tracked": { shape: [], kind: "buffer" },
    });
    const plan = await new PretrainedInit({ checkpoint: fixture("batchnorm.pth") }).plan(model);
    expect(plan.loadReport?.loaded).toEqual(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
    expect(plan.loadReport?.missing).toEqual([]);
    expect(plan.loadReport?.converted).toEqual([{ key: "num_batches_tracked", dtype: "int64" }]);
    const values = await loadAll(plan);
    expect(values.num_batches_tracked).toEqual([1]);
    expect(values.running_var).toEqual(expected["batchnorm.pth"]!.running_var!.values);
  });

  it("reports missing, unexpected and shape-mismatched keys with MMEngine's warning, writing only what matches", async () => {
    const checkpoint = await safetensors("partial.safetensors", {
      "backbone.weight": { data: range(6), shape: [2, 3] },
      "head.weight": { data: range(20), shape: [10, 2] },
      "head.bias": { data: range(10), shape: [10] },
      extra: { data: range(1), shape: [1] },
    });
    const model = fakeModule({ "backbone.weight": { shape: [2, 3] }, "backbone.bias": { shape: [2] }, "head.weight": { shape: [5, 2] }, "head.bias": { shape: [5] } });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    expect(plan.writes.map((write) => write.tensor.shape)).toEqual([[2, 3]]);
    expect(plan.loadReport).toMatchObject({
      loaded: ["backbone.weight"],
      missing: ["backbone.bias"],
      unexpected: ["extra"],
      shapeMismatched: [
        { key: "head.weight", checkpointShape: [10, 2], modelShape: [5, 2] },
        { key: "head.bias", checkpointShape: [10], modelShape: [5] },
      ],
    });
    expect(plan.logs[2]).toEqual({
      level: "warning",
      message:
        "The model and loaded state dict do not match exactly\n\n" +
        "size mismatch for head.weight: copying a param with shape torch.Size([10, 2]) from checkpoint, the shape in current model is torch.Size([5, 2]).\n" +
        "size mismatch for head.bias: copying a param with shape torch.Size([10]) from checkpoint, the shape in current model is torch.Size([5]).\n" +
        "unexpected key in source state_dict: extra\n\n" +
        "missing keys in source state_dict: backbone.bias\n",
    });
  });

  it("applies MMEngine's prefix semantics", async () => {
    const checkpoint = await safetensors("prefixed.safetensors", {
      "state_dict.backbone.conv.weight": { data: range(2), shape: [2] },
      "state_dict.backbone.module.fc.weight": { data: range(3), shape: [3] },
      "state_dict.head.fc.weight": { data: range(4), shape: [4] },
    });
    const model = fakeModule({ "conv.weight": { shape: [2] }, "module.fc.weight": { shape: [3] } });
    for (const prefix of ["backbone", "backbone."]) {
      const plan = await new PretrainedInit({ checkpoint, prefix }).plan(model);
      expect(plan.logs[0]).toEqual({ level: "info", message: `load ${prefix} in model from: ${checkpoint}` });
      expect(plan.loadReport?.loaded).toEqual(["conv.weight", "module.fc.weight"]);
      expect(plan.loadReport?.unexpected).toEqual([]);
    }
    await expect(new PretrainedInit({ checkpoint, prefix: "neck" }).plan(model)).rejects.toMatchObject({
      code: "INITLIB_CHECKPOINT",
      message: expect.stringContaining("neck. is not in the pretrained model"),
    });
  });

  it("applies renames after prefix handling", async () => {
    const checkpoint = await safetensors("renamed.safetensors", { "encoder.layers.0.w": { data: range(2, 5), shape: [2] } });
    const plan = await new PretrainedInit({ checkpoint, renames: [{ pattern: "^encoder\\.layers\\.(\\d+)", replacement: "blocks.$1" }] }).plan(fakeModule({ "blocks.0.w": { shape: [2] } }));
    expect(await loadAll(plan)).toEqual({ "encoder.layers.0.w": [5, 6] });
  });

  it("honours a layout declared in safetensors metadata and refuses incompatible layouts", async () => {
    const kernel = range(3 * 3 * 2 * 4);
    const checkpoint = await safetensors("tfjs-layout.safetensors", { "conv.weight": { data: kernel, shape: [3, 3, 2, 4], layout: "HWIO" } });
    const asIs = await new PretrainedInit({ checkpoint }).plan(fakeModule({ "conv.weight": { shape: [3, 3, 2, 4], layout: "HWIO" } }));
    expect((await loadAll(asIs))["conv.weight"]).toEqual([...kernel]);
    const toTorch = await new PretrainedInit({ checkpoint }).plan(fakeModule({ "conv.weight": { shape: [4, 2, 3, 3] } }));
    expect((await loadAll(toTorch))["conv.weight"]).toEqual([...transposeAxes(kernel, [3, 3, 2, 4], [3, 2, 0, 1])]);
    const depthwise = await new PretrainedInit({ checkpoint }).plan(fakeModule({ "conv.weight": { shape: [3, 3, 2, 4], layout: "HWIM" } }));
    expect(depthwise.loadReport?.shapeMismatched).toHaveLength(1);
  });

  it("resolves relative paths against baseDirectory, and the process directory by default", async () => {
    await safetensors("relative.safetensors", { w: { data: range(1), shape: [1] } });
    const plan = await new PretrainedInit({ checkpoint: "relative.safetensors", baseDirectory: directory }).plan(fakeModule({ w: { shape: [1] } }));
    expect(plan.loadReport?.loaded).toEqual(["w"]);
    await expect(new PretrainedInit({ checkpoint: "relative.safetensors" }).plan(fakeModule({ w: { shape: [1] } }))).rejects.toMatchObject({ code: "INITLIB_CHECKPOINT" });
  });

  it("reads each tensor only when its rule runs, reopening the file after close", async () => {
    const checkpoint = await safetensors("lazy.safetensors", { a: { data: range(2), shape: [2] }, b: { data: range(2, 10), shape: [2] } });
    const plan = await new PretrainedInit({ checkpoint }).plan(fakeModule({ a: { shape: [2] }, b: { shape: [2] } }));
    const [first, second] = plan.writes.map((write) => write.rule as Extract<FillRule, { kind: "values" }>);
    expect([...(await second!.load())]).toEqual([10, 11]);
    expect([...(await first!.load())]).toEqual([0, 1]);
    // All planned loads ran, so the file is closed; further loads reopen it, also concurrently.
    const again = await Promise.all([first!.load(), second!.load(), first!.load()]);
    expect(again.map((values) => [...values])).toEqual([[0, 1], [10, 11], [0, 1]]);
  });

  it("loads a tfjs model.json in the parameters' own layout, with renames from tfjs names", async () => {
    const { writeFileSync } = await import("node:fs");
    const kernel = range(12, 1);
    writeFileSync(join(directory, "weights.bin"), new Uint8Array(kernel.buffer));
    writeFileSync(
      join(directory, "model.json"),
      JSON.stringify({ weightsManifest: [{ paths: ["weights.bin"], weights: [{ name: "dense/kernel", shape: [3, 4], dtype: "float32" }] }] }),
    );
    const plan = await new PretrainedInit({ checkpoint: "model.json", baseDirectory: directory, renames: [{ pattern: "/", replacement: "." }] }).plan(
      fakeModule({ "dense.kernel": { shape: [3, 4], layout: "IO" } }),
    );
    expect(plan.loadReport?.loaded).toEqual(["dense.kernel"]);
    expect((await loadAll(plan))["dense/kernel"]).toEqual([...kernel]);
  });
});
