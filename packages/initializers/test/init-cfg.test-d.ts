import { describe, expectTypeOf, it } from "vitest";
import type { InitCfg, InitCfgEntry, InitOverride, KaimingInitArgs } from "@initlib/initializers";
import type { OrthogonalInitArgs } from "./example-package/index";

describe("typed initCfg", () => {
  it("accepts the built-ins with their arguments, lists, overrides and nothing", () => {
    const entries: InitCfg = [
      { type: "Kaiming", layer: "Conv2d", mode: "fan_in", nonlinearity: "leaky_relu", a: 0.1 },
      { type: "Constant", val: 1, bias: 0, layer: ["_BatchNorm", "GroupNorm"] },
      { type: "TruncNormal", std: 0.02, boundsIn: "std", layer: "Linear" },
      { type: "Normal", std: 0.01, biasProb: 0.01, override: { name: "head", type: "Xavier", distribution: "uniform" } },
      { type: "Caffe2Xavier", override: [{ name: "fc" }] },
    ];
    expectTypeOf(entries).toExtend<InitCfg>();
    expectTypeOf<null>().toExtend<InitCfg>();
    expectTypeOf<{ name: string }>().toExtend<InitOverride>();
    expectTypeOf<KaimingInitArgs["mode"]>().toEqualTypeOf<"fan_in" | "fan_out" | "FAN_IN" | "FAN_OUT" | undefined>();
  });

  it("accepts the catalogue beyond MMEngine with its declared arguments", () => {
    const entries: InitCfg = [
      { type: "Orthogonal", gain: 2, layer: "Linear" },
      { type: "Dirac", groups: 2, layer: "Conv2d" },
      { type: "Sparse", sparsity: 0.9, std: 0.01 },
      { type: "VarianceScaling", scale: 2, mode: "fan_avg", distribution: "untruncated_normal" },
      { type: "HeUniform", layer: "Conv2d" },
      { type: "TruncNormalTf", std: 0.02, a: -2, b: 2 },
      { type: "Zeros", bias: 0 },
    ];
    expectTypeOf(entries).toExtend<InitCfg>();
    // @ts-expect-error Sparse needs `sparsity`
    const sparse: InitCfgEntry = { type: "Sparse", std: 0.01 };
    // @ts-expect-error VarianceScaling has no distribution 'normal' (Keras names: truncated_normal, untruncated_normal, uniform)
    const distribution: InitCfgEntry = { type: "VarianceScaling", distribution: "normal" };
    // @ts-expect-error the presets fix scale, mode and distribution
    const preset: InitCfgEntry = { type: "HeNormal", scale: 2 };
    void [sparse, distribution, preset];
  });

  it("rejects a wrong key", () => {
    // @ts-expect-error `sigma` is not an argument of Normal
    const entry: InitCfgEntry = { type: "Normal", sigma: 1 };
    void entry;
  });

  it("rejects a wrong enum value", () => {
    // @ts-expect-error Kaiming has no mode 'fan_avg'
    const entry: InitCfgEntry = { type: "Kaiming", mode: "fan_avg" };
    void entry;
  });

  it("rejects a missing required argument", () => {
    // @ts-expect-error Constant needs `val`
    const entry: InitCfgEntry = { type: "Constant", bias: 0 };
    void entry;
  });

  it("rejects an option of another entry", () => {
    // @ts-expect-error `mode` belongs to Kaiming, not Constant
    const entry: InitCfgEntry = { type: "Constant", val: 1, mode: "fan_in" };
    void entry;
  });

  it("rejects an unknown type", () => {
    // @ts-expect-error there is no initializer `Kaimng`
    const entry: InitCfgEntry = { type: "Kaimng" };
    void entry;
  });

  it("rejects fixed Kaiming arguments on Caffe2Xavier", () => {
    // @ts-expect-error Caffe2Xavier fixes `a`
    const entry: InitCfgEntry = { type: "Caffe2Xavier", a: 1 };
    void entry;
  });

  it("types an augmented third-party initializer", () => {
    const entry: InitCfgEntry = { type: "acme.Orthogonal", gain: 2, layer: "Linear" };
    expectTypeOf(entry).toExtend<InitCfgEntry>();
    expectTypeOf<Extract<InitCfgEntry, { type: "acme.Orthogonal" }>["gain"]>().toEqualTypeOf<OrthogonalInitArgs["gain"]>();
    // @ts-expect-error `val` is an argument of Constant, not of acme.Orthogonal
    const wrong: InitCfgEntry = { type: "acme.Orthogonal", val: 1 };
    void wrong;
  });

  it("types the depth-aware schemes: required depths, enum architectures, glob lists", () => {
    const entries: InitCfgEntry[] = [
      { type: "Gpt2ScaledResidual", nLayer: 12, residualProjections: ["h.*.attn.c_proj", "h.*.mlp.c_proj"] },
      { type: "DeepNet", architecture: "encoder_decoder", encoderLayers: 6, decoderLayers: 6 },
      { type: "Fixup", branches: "layer*.*", classifier: "fc" },
      { type: "TFixup", encoderLayers: 6, decoderLayers: 6 },
      { type: "ZerO", layer: "Linear" },
      { type: "MaximalUpdate", baseWidth: 256, outputWeights: "lm_head" },
    ];
    void entries;
    // @ts-expect-error nLayer is required
    const withoutDepth: InitCfgEntry = { type: "Gpt2ScaledResidual" };
    // @ts-expect-error `encoder-decoder` is not an architecture (`encoder_decoder`)
    const badArchitecture: InitCfgEntry = { type: "DeepNet", architecture: "encoder-decoder" };
    void withoutDepth;
    void badArchitecture;
  });
});
