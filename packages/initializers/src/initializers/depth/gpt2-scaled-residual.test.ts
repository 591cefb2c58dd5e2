import { describe, expect, it } from "vitest";
import { errorOf, rejectionOf } from "../../error-of";
import { gpt2 } from "../../../test/fake-transformer";
import { normalCdf } from "../../../test/statistics";
import type { HostParam } from "../../host-param";
import { kolmogorovSmirnovTest } from "../../statistics/kolmogorov-smirnov";
import { sampleMoments } from "../../statistics/sample-moments";
import { buildInitializer } from "../../weight-initializers/build-initializer";
import { Gpt2ScaledResidualInit, gpt2ScaledResidualInit } from "./gpt2-scaled-residual";

function stdOf(plan: Awaited<ReturnType<Gpt2ScaledResidualInit["plan"]>>, path: string): number | undefined {
  const write = plan.writes.find((candidate) => (candidate.tensor as HostParam).path === path);
  return write?.rule.kind === "normal" ? write.rule.std : undefined;
}

describe("Gpt2ScaledResidual (Radford et al., 2019)", () => {
  it.each([
    [12, 0.02 / Math.sqrt(24), 0.004082482904638631],
    [48, 0.02 / Math.sqrt(96), 0.002041241452319315],
  ])("n_layer=%i: residual projections get 0.02/√(2·n_layer) = %f, everything else 0.02", async (nLayer, formula, expected) => {
    expect(formula).toBeCloseTo(expected, 15);
    const model = gpt2(nLayer, 8);
    const initializer = buildInitializer({ type: "Gpt2ScaledResidual", nLayer }) as Gpt2ScaledResidualInit;
    const plan = await initializer.plan(model);
    expect(plan.logs).toEqual([]);
    for (let block = 0; block < nLayer; block += 1) {
      expect(stdOf(plan, `h.${block}.attn.c_proj.weight`)).toBeCloseTo(expected, 15);
      expect(stdOf(plan, `h.${block}.mlp.c_proj.weight`)).toBeCloseTo(expected, 15);
      expect(stdOf(plan, `h.${block}.attn.c_attn.weight`)).toBe(0.02);
      expect(stdOf(plan, `h.${block}.mlp.c_fc.weight`)).toBe(0.02);
    }
    for (const path of ["wte.weight", "wpe.weight", "lm_head.weight"]) expect(stdOf(plan, path)).toBe(0.02);
    // Layer norms (rank-1 gains) are not touched; every Linear bias gets 0.
    const paths = plan.writes.map((write) => (write.tensor as HostParam).path);
    expect(paths.some((path) => path.includes("ln_"))).toBe(false);
    const biases = plan.writes.filter((write) => (write.tensor as HostParam).path.endsWith(".bias"));
    expect(biases).toHaveLength(4 * nLayer);
    expect(biases.every((write) => write.rule.kind === "constant" && write.rule.value === 0)).toBe(true);
    const info = plan.writes.find((write) => (write.tensor as HostParam).path === "h.0.attn.c_proj.weight")?.info;
    expect(info).toMatch(new RegExp(`^Gpt2ScaledResidualInit: nLayer=${nLayer}, std=0\\.02, bias=0 \\(residual projection, std=0\\.00${String(expected).slice(4, 8)}`));
  });

  it("writes N(0, (0.02/√24)²) into the 24 residual projections of a 12-block model (moments and KS)", async () => {
    const model = gpt2(12, 32);
    await gpt2ScaledResidualInit(model, { nLayer: 12 });
    const residual: number[] = [];
    const other: number[] = [];
    for (const entry of model.stateEntries()) {
      const data = (entry.tensor as HostParam).data;
      if (entry.name.endsWith("c_proj.weight")) residual.push(...data);
      else if (entry.name.endsWith("c_fc.weight") || entry.name.endsWith("c_attn.weight")) other.push(...data);
    }
    const expectedStd = 0.02 / Math.sqrt(24);
    expect(residual).toHaveLength(12 * (32 * 32 + 128 * 32));
    const moments = sampleMoments(residual);
    expect(Math.abs(moments.mean)).toBeLessThan((5 * expectedStd) / Math.sqrt(residual.length));
    expect(Math.sqrt(moments.variance) / expectedStd).toBeGreaterThan(0.99);
    expect(Math.sqrt(moments.variance) / expectedStd).toBeLessThan(1.01);
    expect(kolmogorovSmirnovTest(residual, (x) => normalCdf(x, 0, expectedStd)).passed).toBe(true);
    expect(kolmogorovSmirnovTest(other, (x) => normalCdf(x, 0, 0.02)).passed).toBe(true);
  });

  it("warns when the projections found are not 2·nLayer (a wrong depth)", async () => {
    const plan = await new Gpt2ScaledResidualInit({ nLayer: 24 }).plan(gpt2(12, 8));
    expect(plan.logs.map((log) => log.message).join("\n")).toMatch(/24 residual projections matched.*2·nLayer = 48/);
  });

  it("honours explicit residualProjections globs (attention only)", async () => {
    const plan = await new Gpt2ScaledResidualInit({ nLayer: 12, residualProjections: ["h.*.attn.c_proj"] }).plan(gpt2(12, 8));
    expect(stdOf(plan, "h.3.attn.c_proj.weight")).toBeCloseTo(0.02 / Math.sqrt(24), 15);
    expect(stdOf(plan, "h.3.mlp.c_proj.weight")).toBe(0.02);
  });

  it("fails before anything is written on a bad depth, a pattern that matches nothing, or a single weight", async () => {
    expect(errorOf(() => buildInitializer({ type: "Gpt2ScaledResidual", nLayer: 0 })).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(errorOf(() => buildInitializer({ type: "Gpt2ScaledResidual", nLayer: 2.5 })).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(errorOf(() => buildInitializer({ type: "Gpt2ScaledResidual" } as never)).path).toBe("initCfg.nLayer");
    const model = gpt2(2, 8);
    const error = await rejectionOf(new Gpt2ScaledResidualInit({ nLayer: 2, residualProjections: "**.proj" }).plan(model));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("residualProjections");
    expect(error.expected).toContain("h.0.attn.c_proj");
    await expect(gpt2ScaledResidualInit(model, { nLayer: 2, residualProjections: "**.proj" })).rejects.toMatchObject({ code: "INITLIB_BAD_CONFIG" });
    for (const entry of model.stateEntries()) expect((entry.tensor as HostParam).history).toEqual([]);
    expect(errorOf(() => new Gpt2ScaledResidualInit({ nLayer: 2 }).weightRule()).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});
