import { describe, expect, it } from "vitest";
import { errorOf, rejectionOf } from "../../error-of";
import { container, type FakeModule } from "../../../test/fake-module";
import { named } from "../../../test/fake-transformer";
import { normalCdf } from "../../../test/statistics";
import type { FillRule } from "../../fill-rule";
import type { HostParam } from "../../host-param";
import { kolmogorovSmirnovTest } from "../../statistics/kolmogorov-smirnov";
import type { InitializerPlan } from "../../weight-initializer";
import { buildInitializer } from "../../weight-initializers/build-initializer";
import { FixupInit, fixupInit } from "./fixup";

const WIDTH = 32;

/**
 * A ResNet-shaped MLP: `stem`, `stage{s}.{b}` blocks of `layersPerBranch` Linear layers
 * (`linear1`, `linear2`, ...), a `downsample.0` shortcut in the first block of each stage, `fc`.
 */
function residualMlp(stages: number, blocksPerStage: number, layersPerBranch: number): FakeModule {
  const stageModules = Array.from({ length: stages }, (_, stage) => {
    const blocks = Array.from({ length: blocksPerStage }, (_, block) => {
      const prefix = `stage${stage + 1}.${block}`;
      const layers = Array.from({ length: layersPerBranch }, (_, layer) => named(`${prefix}.linear${layer + 1}`, WIDTH, WIDTH));
      const shortcut = block === 0 ? [["downsample", container("Sequential", [named(`${prefix}.downsample.0`, WIDTH, WIDTH)])] as const] : [];
      return [String(block), container("BasicBlock", [...layers, ...shortcut])] as const;
    });
    return [`stage${stage + 1}`, container("Sequential", blocks)] as const;
  });
  return container("ResidualMlp", [named("stem", WIDTH, WIDTH), ...stageModules, named("fc", WIDTH, 10)]);
}

function ruleOf(plan: InitializerPlan, path: string): FillRule | undefined {
  return plan.writes.find((write) => (write.tensor as HostParam).path === path)?.rule;
}

/** He normal std with fan_out of a (out, in) Linear: √2 / √out. */
const he = (outFeatures: number) => Math.SQRT2 / Math.sqrt(outFeatures);

describe("Fixup (Zhang, Dauphin & Ma, 2019)", () => {
  it("L=8 branches of m=2 (ResNet-18's shape): first layer He × 8^(-1/2) = 0.353553, last layer 0, classifier 0", async () => {
    const plan = await new FixupInit({ branches: "stage*.*", classifier: "fc" }).plan(residualMlp(4, 2, 2));
    for (let stage = 1; stage <= 4; stage += 1) {
      for (const block of [0, 1]) {
        const first = ruleOf(plan, `stage${stage}.${block}.linear1.weight`);
        expect(first?.kind === "normal" && first.std).toBeCloseTo(he(WIDTH) * 0.3535533905932738, 15);
        expect(ruleOf(plan, `stage${stage}.${block}.linear2.weight`)).toEqual({ kind: "constant", value: 0 });
      }
      const shortcut = ruleOf(plan, `stage${stage}.0.downsample.0.weight`);
      expect(shortcut?.kind === "normal" && shortcut.std).toBeCloseTo(he(WIDTH), 15);
    }
    const stem = ruleOf(plan, "stem.weight");
    expect(stem?.kind === "normal" && stem.std).toBeCloseTo(he(WIDTH), 15);
    expect(ruleOf(plan, "fc.weight")).toEqual({ kind: "constant", value: 0 });
    expect(ruleOf(plan, "fc.bias")).toEqual({ kind: "constant", value: 0 });
  });

  it("L=16 branches of m=3 (bottleneck): the first two layers He × 16^(-1/4) = 0.5, the third 0", async () => {
    const plan = await new FixupInit({ branches: ["stage*.*"] }).plan(residualMlp(2, 8, 3));
    const first = ruleOf(plan, "stage2.7.linear1.weight");
    const second = ruleOf(plan, "stage2.7.linear2.weight");
    expect(first?.kind === "normal" && first.std).toBeCloseTo(he(WIDTH) * 0.5, 15);
    expect(second?.kind === "normal" && second.std).toBeCloseTo(he(WIDTH) * 0.5, 15);
    expect(ruleOf(plan, "stage2.7.linear3.weight")).toEqual({ kind: "constant", value: 0 });
    expect(plan.writes.find((write) => (write.tensor as HostParam).path === "stage2.7.linear1.weight")?.info).toContain("16^(-1/4) = 0.5");
  });

  it("writes N(0, (He·L^(-1/2))²) into the first layers (KS) and exact zeros into the last", async () => {
    const model = residualMlp(4, 4, 2);
    await fixupInit(model, { branches: "stage*.*", classifier: "fc" });
    const first: number[] = [];
    for (const entry of model.stateEntries()) {
      const data = (entry.tensor as HostParam).data;
      if (entry.name.endsWith("linear1.weight")) first.push(...data);
      if (entry.name.endsWith("linear2.weight") || entry.name.startsWith("fc.")) expect(data.every((value) => value === 0)).toBe(true);
    }
    expect(kolmogorovSmirnovTest(first, (x) => normalCdf(x, 0, he(WIDTH) / 4)).passed).toBe(true);
  });

  it("fails before anything is written without branches, or with a branch of one layer", async () => {
    const model = residualMlp(1, 2, 2);
    const none = await rejectionOf(new FixupInit({ branches: "block*" }).plan(model));
    expect(none.code).toBe("INITLIB_BAD_CONFIG");
    expect(none.expected).toContain("stage1.0.linear1");
    const single = await rejectionOf(new FixupInit({ branches: "stage*.*.linear1" }).plan(model));
    expect(single.summary).toContain("m >= 2");
    await expect(fixupInit(model, { branches: "stage*.*.linear1" })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
    for (const entry of model.stateEntries()) expect((entry.tensor as HostParam).history).toEqual([]);
    expect(errorOf(() => buildInitializer({ type: "Fixup" } as never)).path).toBe("initCfg.branches");
    expect(errorOf(() => buildInitializer({ type: "Fixup", branches: "a", mode: "fan" as never })).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});
