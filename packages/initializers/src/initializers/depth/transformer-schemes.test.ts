import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, rejectionOf } from "../../error-of";
import { container, type FakeModule } from "../../../test/fake-module";
import { transformerStack } from "../../../test/fake-transformer";
import { normalCdf } from "../../../test/statistics";
import type { FillRule } from "../../fill-rule";
import type { HostParam } from "../../host-param";
import { kolmogorovSmirnovTest } from "../../statistics/kolmogorov-smirnov";
import type { InitializerPlan } from "../../weight-initializer";
import { buildInitializer } from "../../weight-initializers/build-initializer";
import { deepNetConstants } from "./deepnet-constants";
import { DeepNetInit, deepNetInit } from "./deepnet";
import { TFixupInit } from "./t-fixup";

const WIDTH = 16;

function encoderDecoder(encoderLayers: number, decoderLayers: number): FakeModule {
  return container("Transformer", [transformerStack("encoder", encoderLayers, WIDTH, false), transformerStack("decoder", decoderLayers, WIDTH, true)]);
}

function ruleOf(plan: InitializerPlan, path: string): FillRule | undefined {
  return plan.writes.find((write) => (write.tensor as HostParam).path === path)?.rule;
}

/** The std of a zero-mean normal or uniform rule. */
function spread(rule: FillRule | undefined): number {
  if (rule?.kind === "normal") return rule.std;
  if (rule?.kind === "uniform") return rule.high / Math.sqrt(3);
  throw new Error(`not a random rule: ${JSON.stringify(rule)}`);
}

/** Xavier std of a (out, in) weight: √(2 / (in + out)). */
const xavier = (inFeatures: number, outFeatures: number) => Math.sqrt(2 / (inFeatures + outFeatures));

describe("DeepNet constants (Wang et al., 2022, Figure 2)", () => {
  it("encoder-only N=12: α = 24^(1/4) = 2.21336, β = 96^(-1/4) = 0.31947", () => {
    const { encoder, decoder } = deepNetConstants("encoder", 12);
    expect(encoder?.alpha).toBeCloseTo(2.213363839400643, 14);
    expect(encoder?.beta).toBeCloseTo(0.3194715521231362, 14);
    expect(decoder).toBeUndefined();
  });

  it("decoder-only M=200: α = 400^(1/4) = 4.47214, β = 1600^(-1/4) = 0.15811", () => {
    const { decoder } = deepNetConstants("decoder", undefined, 200);
    expect(decoder?.alpha).toBeCloseTo(4.47213595499958, 13);
    expect(decoder?.beta).toBeCloseTo(0.15811388300841897, 14);
  });

  it.each([
    [6, 6, 1.417938140685523, 0.49698924077132345, 2.0597671439071177, 0.34329452398451965],
    [100, 100, 3.4157416777715164, 0.206309512392564, 4.161791450287817, 0.16990442448471224],
  ])("encoder-decoder N=%i, M=%i: encoder 0.81·(N⁴M)^(1/16), 0.87·(N⁴M)^(-1/16); decoder (3M)^(1/4), (12M)^(-1/4)", (n, m, encoderAlpha, encoderBeta, decoderAlpha, decoderBeta) => {
    const { encoder, decoder } = deepNetConstants("encoder_decoder", n, m);
    expect(encoder?.alpha).toBeCloseTo(encoderAlpha, 13);
    expect(encoder?.beta).toBeCloseTo(encoderBeta, 14);
    expect(decoder?.alpha).toBeCloseTo(decoderAlpha, 13);
    expect(decoder?.beta).toBeCloseTo(decoderBeta, 14);
  });

  it("a missing or non-positive depth is a coded error naming it", () => {
    expect(errorOf(() => deepNetConstants("encoder_decoder", 6)).path).toBe("decoderLayers");
    expect(errorOf(() => deepNetConstants("encoder", 0)).path).toBe("encoderLayers");
    expect(errorOf(() => buildInitializer({ type: "DeepNet", architecture: "decoder" })).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(errorOf(() => buildInitializer({ type: "DeepNet", architecture: "decodr" as never, decoderLayers: 2 })).hint).toContain("decoder");
  });
});

describe("DeepNet init on an encoder–decoder of N=6, M=6", () => {
  const initializer = new DeepNetInit({ architecture: "encoder_decoder", encoderLayers: 6, decoderLayers: 6 });
  let plan: InitializerPlan;
  beforeAll(async () => {
    plan = await initializer.plan(encoderDecoder(6, 6));
  });
  const { encoder, decoder } = deepNetConstants("encoder_decoder", 6, 6);

  it("ffn, v_proj and out_proj get xavier_normal(gain=β) of their stack; q_proj, k_proj gain 1", () => {
    for (let layer = 0; layer < 6; layer += 1) {
      const e = `encoder.layers.${layer}`;
      const d = `decoder.layers.${layer}`;
      expect(spread(ruleOf(plan, `${e}.fc1.weight`))).toBeCloseTo(encoder!.beta * xavier(WIDTH, 4 * WIDTH), 15);
      expect(spread(ruleOf(plan, `${e}.fc2.weight`))).toBeCloseTo(encoder!.beta * xavier(4 * WIDTH, WIDTH), 15);
      expect(spread(ruleOf(plan, `${e}.self_attn.v_proj.weight`))).toBeCloseTo(0.49698924077132345 * 0.25, 15);
      expect(spread(ruleOf(plan, `${e}.self_attn.out_proj.weight`))).toBeCloseTo(0.49698924077132345 * 0.25, 15);
      expect(spread(ruleOf(plan, `${e}.self_attn.q_proj.weight`))).toBe(0.25);
      expect(spread(ruleOf(plan, `${d}.encoder_attn.v_proj.weight`))).toBeCloseTo(0.34329452398451965 * 0.25, 15);
      expect(spread(ruleOf(plan, `${d}.fc2.weight`))).toBeCloseTo(decoder!.beta * xavier(4 * WIDTH, WIDTH), 15);
      expect(spread(ruleOf(plan, `${d}.self_attn.k_proj.weight`))).toBe(0.25);
    }
    expect(ruleOf(plan, "decoder.layers.0.fc1.weight")?.kind).toBe("normal");
  });

  it("writes values whose distribution is N(0, (β·xavier)²) (KS over the 6 decoder fc2 weights)", async () => {
    const model = container("Transformer", [transformerStack("decoder", 6, WIDTH, false)]);
    await deepNetInit(model, { architecture: "decoder", decoderLayers: 6 });
    const values: number[] = [];
    for (const entry of model.stateEntries()) if (entry.name.endsWith("fc2.weight")) values.push(...(entry.tensor as HostParam).data);
    const std = 48 ** (-1 / 4) * xavier(4 * WIDTH, WIDTH);
    expect(kolmogorovSmirnovTest(values, (x) => normalCdf(x, 0, std)).passed).toBe(true);
  });

  it("a scaled projection outside both stacks, or patterns that match nothing, fail before anything is written", async () => {
    const model = container("Transformer", [transformerStack("enc", 2, WIDTH, false), transformerStack("decoder", 2, WIDTH, true)]);
    const outside = await rejectionOf(new DeepNetInit({ architecture: "encoder_decoder", encoderLayers: 2, decoderLayers: 2 }).plan(model));
    expect(outside.code).toBe("INITLIB_BAD_CONFIG");
    expect(outside.summary).toContain("enc.layers.0.self_attn.v_proj");
    const fixed = await new DeepNetInit({ architecture: "encoder_decoder", encoderLayers: 2, decoderLayers: 2, encoderScope: "enc.**" }).plan(model);
    expect(spread(ruleOf(fixed, "enc.layers.1.fc1.weight"))).toBeCloseTo(0.87 * 32 ** (-1 / 16) * xavier(WIDTH, 4 * WIDTH), 15);
    expect((await rejectionOf(new DeepNetInit({ architecture: "decoder", decoderLayers: 2, scaledProjections: "**.ffn" }).plan(model))).code).toBe("INITLIB_BAD_CONFIG");
  });
});

describe("T-Fixup (Huang et al., 2020, §3.3) on an encoder–decoder of N_e=6, N_d=6", () => {
  let plan: InitializerPlan;
  beforeAll(async () => {
    plan = await new TFixupInit({ encoderLayers: 6, decoderLayers: 6 }).plan(encoderDecoder(6, 6));
  });

  it("encoder v/out/MLP: xavier × 0.67·6^(-1/4) = 0.42809; decoder: xavier × 54^(-1/4) = 0.36889; q/k plain xavier", () => {
    const encoderScale = 0.4280918798450026;
    const decoderScale = 0.36889397323344053;
    expect(spread(ruleOf(plan, "encoder.layers.2.self_attn.v_proj.weight"))).toBeCloseTo(encoderScale * 0.25, 15);
    expect(spread(ruleOf(plan, "encoder.layers.2.fc1.weight"))).toBeCloseTo(encoderScale * xavier(WIDTH, 4 * WIDTH), 15);
    expect(spread(ruleOf(plan, "decoder.layers.5.encoder_attn.out_proj.weight"))).toBeCloseTo(decoderScale * 0.25, 15);
    expect(spread(ruleOf(plan, "decoder.layers.5.fc2.weight"))).toBeCloseTo(decoderScale * xavier(4 * WIDTH, WIDTH), 15);
    expect(spread(ruleOf(plan, "decoder.layers.5.self_attn.q_proj.weight"))).toBeCloseTo(0.25, 15);
    expect(ruleOf(plan, "decoder.layers.5.fc2.weight")?.kind).toBe("uniform");
  });

  it("input embeddings of both stacks: N(0, d^(-1/2)) × (9·N_d)^(-1/4) = 16^(-1/2)·54^(-1/4) = 0.092223", () => {
    for (const path of ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight"]) {
      const rule = ruleOf(plan, path);
      expect(rule?.kind).toBe("normal");
      expect(spread(rule)).toBeCloseTo(0.09222349330836013, 15);
    }
  });

  it("needs encoderLayers for an encoder_decoder and rejects bad depths", () => {
    expect(errorOf(() => new TFixupInit({ decoderLayers: 6 })).path).toBe("encoderLayers");
    expect(errorOf(() => buildInitializer({ type: "TFixup", decoderLayers: -1, architecture: "decoder" })).code).toBe("INITLIB_BAD_ARGUMENT");
    const decoderOnly = new TFixupInit({ architecture: "decoder", decoderLayers: 12 });
    expect(decoderOnly.encoderScale).toBeUndefined();
    expect(decoderOnly.decoderScale).toBeCloseTo(108 ** (-1 / 4), 15);
  });
});
