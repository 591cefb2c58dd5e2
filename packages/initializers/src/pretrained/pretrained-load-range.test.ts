import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSafetensors } from "@initlib/checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import type { FillRule } from "../fill-rule";
import type { ModuleLike, StateEntry } from "../module-like";
import type { ParamLike } from "../param-like";
import { PretrainedInit } from "./index";

type ValuesRule = Extract<FillRule, { kind: "values" }>;
const directory = mkdtempSync(join(tmpdir(), "initlib-pretrained-range-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function fakeModule(entries: Record<string, { shape: number[]; layout?: string }>): ModuleLike {
  const state: StateEntry[] = Object.entries(entries).map(([name, { shape, layout }]) => ({
    name,
    kind: "parameter",
    tensor: { shape, ...(layout === undefined ? {} : { layout }) } as ParamLike,
  }));
  const module: ModuleLike = { typeName: "FakeModel", typeBases: ["BaseModule"], modulesPostOrder: () => [module], stateEntries: () => state };
  return module;
}

/**
 * The rule's values read window by window through `loadRange`: a first window of `first` elements
 * (so the next ones start mid-row), then windows of `window`.
 */
async function loadByWindows(rule: ValuesRule, count: number, window: number, first = window): Promise<Float32Array> {
  const out = new Float32Array(count).fill(Number.NaN);
  for (let start = 0; start < count; ) {
    const end = Math.min(count, start + (start === 0 ? first : window));
    await rule.loadRange!(start, out.subarray(start, end));
    start = end;
  }
  return out;
}

/** Every window split of `rule` equals its whole load (read then transposed), bit for bit. */
async function expectWindowsEqualWholeLoad(name: string, rule: ValuesRule, count: number): Promise<void> {
  expect(rule.loadRange, name).toBeTypeOf("function");
  const whole = await rule.load();
  expect(whole).toHaveLength(count);
  for (const [window, first] of [[1, 1], [4, 3], [7, 2], [13, 5], [count, count]] as const) {
    const windows = await loadByWindows(rule, count, window, first);
    expect(new Uint8Array(windows.buffer), `${name} by ${window} after ${first}`).toEqual(new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength));
  }
}

describe("PretrainedInit ranged loads", () => {
  it("gives every tensor a loadRange whose windows equal the whole load, transposed ones included", async () => {
    const checkpoint = join(directory, "mixed.safetensors");
    const weight = Float32Array.from({ length: 6 * 5 }, (_, index) => Math.sin(index) * 3);
    const half = Uint16Array.from({ length: 17 }, (_, index) => 0x3c00 + index * 37);
    const kernel = Float32Array.from({ length: 3 * 3 * 4 * 5 }, (_, index) => Math.cos(index) * 2);
    await writeSafetensors(checkpoint, {
      "fc.weight": { data: weight, shape: [6, 5] },
      "norm.weight": { data: half, shape: [17] },
      "head.weight": { data: Float32Array.from({ length: 6 }, (_, index) => index), shape: [2, 3] },
      "conv.weight": { data: kernel, shape: [3, 3, 4, 5], layout: "HWIO" },
    });
    const model = fakeModule({ "fc.weight": { shape: [6, 5] }, "norm.weight": { shape: [17] }, "head.weight": { shape: [3, 2], layout: "IO" }, "conv.weight": { shape: [5, 4, 3, 3] } });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    const rules = new Map(plan.writes.map((write, index) => [["fc.weight", "norm.weight", "head.weight", "conv.weight"][index]!, write.rule as ValuesRule]));
    for (const [name, count] of [["fc.weight", 30], ["norm.weight", 17], ["head.weight", 6], ["conv.weight", 180]] as const) await expectWindowsEqualWholeLoad(name, rules.get(name)!, count);
    // the [2, 3] tensor read as its [3, 2] transpose
    expect(Array.from(await loadByWindows(rules.get("head.weight")!, 6, 4, 1))).toEqual([0, 3, 1, 4, 2, 5]);
    // After the plan's release the file is closed; a ranged load reopens it.
    await plan.release?.();
    expect(Array.from(await loadByWindows(rules.get("fc.weight")!, 30, 8))).toEqual(Array.from(weight));
    await expect(rules.get("fc.weight")!.loadRange!(28, new Float32Array(5))).rejects.toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringContaining("outside the tensor") });
    await expect(rules.get("conv.weight")!.loadRange!(179, new Float32Array(2))).rejects.toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringContaining("outside the tensor") });
    await plan.release?.();
  });

  it("gives contiguous tensors of a stored torch archive a loadRange", async () => {
    const checkpoint = fileURLToPath(new URL("./fixtures/batchnorm.pth", import.meta.url));
    const plan = await new PretrainedInit({ checkpoint }).plan(fakeModule({ weight: { shape: [3] }, running_mean: { shape: [3] } }));
    for (const write of plan.writes) {
      const rule = write.rule as ValuesRule;
      expect(rule.loadRange).toBeTypeOf("function");
      expect(Array.from(await loadByWindows(rule, 3, 2))).toEqual(Array.from(await rule.load()));
    }
    await plan.release?.();
  });

  it("reads torch views in deflated members into tfjs-layout parameters (transposed) window by window as the whole load", async () => {
    const checkpoint = fileURLToPath(new URL("./fixtures/views-deflated.pth", import.meta.url));
    const model = fakeModule({ "conv.weight": { shape: [3, 3, 4, 5], layout: "HWIO" }, "fc.weight": { shape: [9, 7], layout: "IO" }, "fc.bias": { shape: [7] } });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    expect(plan.loadReport?.loaded).toEqual(["conv.weight", "fc.weight", "fc.bias"]);
    const counts = [180, 63, 7];
    for (const [index, write] of plan.writes.entries()) await expectWindowsEqualWholeLoad(["conv.weight", "fc.weight", "fc.bias"][index]!, write.rule as ValuesRule, counts[index]!);
    await plan.release?.();
  });

  it("fails a ranged load of a corrupt deflated member with INITLIB_CHECKPOINT, and never hangs", async () => {
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL("./fixtures/views-deflated.pth", import.meta.url))));
    // Corrupt the compressed data of every storage member (data/<n>), leaving the pickle intact.
    const text = new TextDecoder("latin1").decode(bytes);
    for (let header = text.indexOf("PK\x03\x04"); header >= 0; header = text.indexOf("PK\x03\x04", header + 4)) {
      const view = new DataView(bytes.buffer, header);
      const nameLength = view.getUint16(26, true);
      const name = text.slice(header + 30, header + 30 + nameLength);
      if (!/\/data\/\d+$/.test(name)) continue;
      const data = header + 30 + nameLength + view.getUint16(28, true);
      const size = view.getUint32(18, true);
      bytes.fill(0xff, data + Math.floor(size / 3), data + Math.floor(size / 3) + 8);
    }
    const checkpoint = join(directory, "corrupt-deflated.pth");
    writeFileSync(checkpoint, bytes);
    const model = fakeModule({ "conv.weight": { shape: [3, 3, 4, 5], layout: "HWIO" }, "fc.weight": { shape: [9, 7], layout: "IO" } });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    for (const [index, write] of plan.writes.entries()) {
      const rule = write.rule as ValuesRule;
      const count = [180, 63][index]!;
      await expect(loadByWindows(rule, count, 11, 5), String(index)).rejects.toMatchObject({ code: "INITLIB_CHECKPOINT", cause: { code: expect.stringMatching(/^CHECKPOINT_(BAD_ZIP|TOO_LARGE)$/) } });
    }
    await plan.release?.();
  });
});
