import { mkdtempSync, rmSync } from "node:fs";
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

/** The rule's values read window by window through `loadRange`. */
async function loadByWindows(rule: ValuesRule, count: number, window: number): Promise<Float32Array> {
  const out = new Float32Array(count);
  for (let start = 0; start < count; start += window) await rule.loadRange!(start, out.subarray(start, Math.min(count, start + window)));
  return out;
}

describe("PretrainedInit ranged loads", () => {
  it("gives tensors stored in the parameter's layout a loadRange whose windows equal the whole load, and transposed ones none", async () => {
    const checkpoint = join(directory, "mixed.safetensors");
    const weight = Float32Array.from({ length: 6 * 5 }, (_, index) => Math.sin(index) * 3);
    const half = Uint16Array.from({ length: 17 }, (_, index) => 0x3c00 + index * 37);
    await writeSafetensors(checkpoint, {
      "fc.weight": { data: weight, shape: [6, 5] },
      "norm.weight": { data: half, shape: [17] },
      "head.weight": { data: Float32Array.from({ length: 6 }, (_, index) => index), shape: [2, 3] },
    });
    const model = fakeModule({ "fc.weight": { shape: [6, 5] }, "norm.weight": { shape: [17] }, "head.weight": { shape: [3, 2], layout: "IO" } });
    const plan = await new PretrainedInit({ checkpoint }).plan(model);
    const rules = new Map(plan.writes.map((write, index) => [["fc.weight", "norm.weight", "head.weight"][index]!, write.rule as ValuesRule]));
    expect(rules.get("head.weight")!.loadRange).toBeUndefined();
    for (const [name, count] of [["fc.weight", 30], ["norm.weight", 17]] as const) {
      const rule = rules.get(name)!;
      expect(rule.loadRange).toBeTypeOf("function");
      const whole = await rule.load();
      for (const window of [1, 4, 7, count]) expect(Array.from(await loadByWindows(rule, count, window)), `${name} by ${window}`).toEqual(Array.from(whole));
    }
    // After the plan's release the file is closed; a ranged load reopens it.
    await plan.release?.();
    expect(Array.from(await loadByWindows(rules.get("fc.weight")!, 30, 8))).toEqual(Array.from(weight));
    await expect(rules.get("fc.weight")!.loadRange!(28, new Float32Array(5))).rejects.toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringContaining("outside the tensor") });
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
});
