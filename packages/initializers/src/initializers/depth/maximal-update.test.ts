import { describe, expect, it } from "vitest";
import { errorOf, rejectionOf } from "../../error-of";
import { container, type FakeModule } from "../../../test/fake-module";
import { embedding, named } from "../../../test/fake-transformer";
import { normalCdf } from "../../../test/statistics";
import type { HostParam } from "../../host-param";
import { kolmogorovSmirnovTest } from "../../statistics/kolmogorov-smirnov";
import { buildInitializer } from "../../weight-initializers/build-initializer";
import { MaximalUpdateInit, maximalUpdateInit, maximalUpdateStd } from "./maximal-update";

/** An MLP of `width`: embedding `wte` (vocab 100), hidden `hidden.{i}` width×width, readout `lm_head` (10 × width). */
function mlp(width: number, hiddenLayers = 2): FakeModule {
  const hidden = Array.from({ length: hiddenLayers }, (_, index) => named(`hidden.${index}`, width, width));
  return container("Mlp", [embedding("wte", 100, width), ["hidden", container("Sequential", hidden)], named("lm_head", width, 10)]);
}

async function stdOf(initializer: MaximalUpdateInit, model: FakeModule, path: string): Promise<number> {
  const rule = (await initializer.plan(model)).writes.find((write) => (write.tensor as HostParam).path === path)?.rule;
  if (rule?.kind !== "normal") throw new Error(`no normal rule for ${path}`);
  return rule.std;
}

describe("μP initialization (Yang et al., 2022, Table 3)", () => {
  const initializer = new MaximalUpdateInit({ baseWidth: 64, std: 0.02, inputWeights: "wte", outputWeights: "lm_head" });

  it("at the base width every role gets σ", async () => {
    const model = mlp(64);
    for (const path of ["wte.weight", "hidden.0.weight", "lm_head.weight"]) expect(await stdOf(initializer, model, path)).toBeCloseTo(0.02, 15);
  });

  it.each([
    [256, 0.02, 0.01, 0.005],
    [1024, 0.02, 0.005, 0.00125],
  ])("width %i (×%s base): input σ, hidden σ·√(64/width) = %f, output σ·64/width = %f", async (width, input, hidden, output) => {
    const model = mlp(width);
    expect(await stdOf(initializer, model, "wte.weight")).toBeCloseTo(input, 15);
    expect(await stdOf(initializer, model, "hidden.1.weight")).toBeCloseTo(hidden, 15);
    expect(await stdOf(initializer, model, "lm_head.weight")).toBeCloseTo(output, 15);
    expect(maximalUpdateStd("hidden", 0.02, 64, width) ** 2 * width).toBeCloseTo(0.02 ** 2 * 64, 15);
    expect(maximalUpdateStd("output", 0.02, 64, width) ** 2 * width ** 2).toBeCloseTo(0.02 ** 2 * 64 ** 2, 12);
  });

  it("writes N(0, (σ·√(64/256))²) into the hidden weights at width 256 (KS)", async () => {
    const model = mlp(256, 1);
    await maximalUpdateInit(model, { baseWidth: 64, inputWeights: "wte", outputWeights: "lm_head" });
    const hidden = [...model.stateEntries()].find((entry) => entry.name === "hidden.0.weight")!;
    expect(kolmogorovSmirnovTest((hidden.tensor as HostParam).data, (x) => normalCdf(x, 0, 0.01)).passed).toBe(true);
  });

  it("rejects a bad base width and an output pattern that matches nothing", async () => {
    for (const baseWidth of [0, -8, 1.5]) {
      expect(errorOf(() => buildInitializer({ type: "MaximalUpdate", baseWidth, outputWeights: "lm_head" })).path).toBe("initCfg.baseWidth");
    }
    const error = await rejectionOf(new MaximalUpdateInit({ baseWidth: 64, outputWeights: "head" }).plan(mlp(64)));
    expect(error.code).toBe("INITLIB_BAD_CONFIG");
    expect(error.path).toBe("outputWeights");
  });
});
