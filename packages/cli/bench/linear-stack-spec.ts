import type { ModuleSpec } from "@initlib/core";

/**
 * A model of about `parameters` parameters: Linear(width, width) layers initialized with
 * Normal(0, 0.02), every third with TruncNormal and every fifth with Uniform, biases by their
 * torch default; for benchmarks and memory tests of streamed init.
 * @example
 * writeFileSync("m.json", JSON.stringify(linearStackSpec(100e6, 4096)));
 */
export function linearStackSpec(parameters: number, width: number): ModuleSpec {
  const perLayer = width * width + width;
  const layers = Math.max(1, Math.round(parameters / perLayer));
  const children = Array.from({ length: layers }, (_, index) => ({
    name: `layer${index}`,
    module: { class: "Linear", base: "nn.Linear", args: { in_features: width, out_features: width } },
  }));
  const every = (step: number) => children.filter((_, index) => index % step === step - 1).map((child) => child.name);
  return {
    class: "LinearStack",
    base: "BaseModule",
    init_cfg: [
      { type: "Normal", layer: "Linear", std: 0.02, bias: 0 },
      ...every(3).map((name) => ({ type: "TruncNormal", layer: "Linear", std: 0.02, override: { name } })),
      ...every(5).map((name) => ({ type: "Uniform", layer: "Linear", a: -0.05, b: 0.05, override: { name } })),
    ],
    children,
  } as unknown as ModuleSpec;
}
