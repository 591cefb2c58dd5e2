import { createHostParam } from "../src/index";
import { container, FakeModule, linear } from "./fake-module";

/** A Linear whose parameter paths are its module path (so (seed, path) streams are distinct). */
export function named(path: string, inFeatures: number, outFeatures: number, options: { bias?: boolean } = {}): readonly [string, FakeModule] {
  const name = path.split(".").at(-1)!;
  return [name, linear(inFeatures, outFeatures, { path, ...options })];
}

/** torch `Embedding(count, width)`: weight (count, width). */
export function embedding(path: string, count: number, width: number): readonly [string, FakeModule] {
  const name = path.split(".").at(-1)!;
  return [name, new FakeModule({ typeName: "Embedding", weight: createHostParam([count, width], { path: `${path}.weight` }) })];
}

/** torch `LayerNorm(width)`: a rank-1 weight and a bias, which the depth-aware schemes leave alone. */
export function layerNorm(path: string, width: number): readonly [string, FakeModule] {
  const name = path.split(".").at(-1)!;
  return [
    name,
    new FakeModule({
      typeName: "LayerNorm",
      weight: createHostParam([width], { path: `${path}.weight` }),
      bias: createHostParam([width], { path: `${path}.bias` }),
    }),
  ];
}

/**
 * Hugging Face's GPT-2 layout: `wte`, `wpe`, `h.{i}.{ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc,
 * mlp.c_proj}`, `ln_f`, `lm_head`, with Linear (out, in) weights in place of Conv1D.
 */
export function gpt2(nLayer: number, width: number, vocabulary = 50): FakeModule {
  const blocks = Array.from({ length: nLayer }, (_, index) => {
    const prefix = `h.${index}`;
    return [
      String(index),
      container("Block", [
        layerNorm(`${prefix}.ln_1`, width),
        ["attn", container("Attention", [named(`${prefix}.attn.c_attn`, width, 3 * width), named(`${prefix}.attn.c_proj`, width, width)])],
        ["mlp", container("MLP", [named(`${prefix}.mlp.c_fc`, width, 4 * width), named(`${prefix}.mlp.c_proj`, 4 * width, width)])],
      ]),
    ] as const;
  });
  return container("GPT2", [
    embedding("wte", vocabulary, width),
    embedding("wpe", 16, width),
    ["h", container("ModuleList", blocks)],
    layerNorm("ln_f", width),
    named("lm_head", width, vocabulary, { bias: false }),
  ]);
}

/** One fairseq-style transformer layer: self_attn.{q,k,v,out}_proj, fc1, fc2 (and encoder_attn when `cross`). */
function transformerLayer(prefix: string, width: number, cross: boolean): FakeModule {
  const attention = (name: string) =>
    [name, container("MultiheadAttention", ["q_proj", "k_proj", "v_proj", "out_proj"].map((projection) => named(`${prefix}.${name}.${projection}`, width, width)))] as const;
  return container("TransformerLayer", [
    attention("self_attn"),
    ...(cross ? [attention("encoder_attn")] : []),
    named(`${prefix}.fc1`, width, 4 * width),
    named(`${prefix}.fc2`, 4 * width, width),
  ]);
}

/** A fairseq-style stack: `{name}.embed_tokens` and `{name}.layers.{i}`. */
export function transformerStack(name: string, layers: number, width: number, cross: boolean): readonly [string, FakeModule] {
  return [
    name,
    container("TransformerStack", [
      embedding(`${name}.embed_tokens`, 40, width),
      ["layers", container("ModuleList", Array.from({ length: layers }, (_, index) => [String(index), transformerLayer(`${name}.layers.${index}`, width, cross)] as const))],
    ]),
  ];
}
