import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { compileNamePatterns, type NamePattern } from "./name-pattern";
import { initializeTree, type LayerDecision, StructuredInit, type WeightLayer } from "./structured-init";

/** The declaration of {@link Gpt2ScaledResidualInit}'s arguments (`{ type: 'Gpt2ScaledResidual', ... }`). */
export const GPT2_SCALED_RESIDUAL_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  nLayer: { kind: "number", integer: true, minimum: 1, maximum: 1e6, required: true, description: "number of transformer blocks (GPT-2's n_layer)" },
  std: { kind: "number", exclusiveMinimum: 0, float32: true, default: 0.02, description: "std of every weight that is not a residual output projection" },
  residualProjections: {
    kind: "oneOf",
    options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }],
    default: ["**.c_proj"],
    description: "module-path globs of the layers whose output is added to the residual stream (GPT-2: attn.c_proj and mlp.c_proj)",
  },
});

/** Arguments of {@link Gpt2ScaledResidualInit}, inferred from {@link GPT2_SCALED_RESIDUAL_ARGUMENTS}. */
export type Gpt2ScaledResidualInitArgs = ArgumentsFromSchema<typeof GPT2_SCALED_RESIDUAL_ARGUMENTS>;

/**
 * GPT-2's scaled residual initialization (Radford et al., 2019, "Language Models are Unsupervised
 * Multitask Learners", §2.3: "we scale the weights of residual layers at initialization by a factor
 * of 1/√N where N is the number of residual layers"; with two residual layers per block, as in
 * OpenAI's and Hugging Face's code): every weight of rank ≥ 2 (Linear, Conv1D, Embedding) gets
 * N(0, std²) with `std = 0.02`, except the residual output projections — the modules whose path
 * matches `residualProjections` (default `**.c_proj`, i.e. `h.*.attn.c_proj` and `h.*.mlp.c_proj`)
 * — which get N(0, (std / √(2·nLayer))²). Biases get `bias` (0); norm gains are left alone.
 *
 * Structure: the depth is the explicit `nLayer`; the projections are found by name in the tree.
 * A pattern list that matches no layer is an error (`INITLIB_BAD_CONFIG`); a count other than
 * 2·nLayer is a warning. Info: `Gpt2ScaledResidualInit: nLayer=12, std=0.02, bias=0`.
 * @example
 * new Gpt2ScaledResidualInit({ nLayer: 12 }); // c_proj std 0.02 / √24 = 0.0040825
 */
export class Gpt2ScaledResidualInit extends StructuredInit {
  static override readonly initializerName: string = "Gpt2ScaledResidualInit";
  static override readonly argumentSchema = GPT2_SCALED_RESIDUAL_ARGUMENTS;

  readonly nLayer: number;
  readonly std: number;
  readonly residualProjections: readonly NamePattern[];

  constructor(args: Gpt2ScaledResidualInitArgs) {
    super(args);
    const given = this.arguments(GPT2_SCALED_RESIDUAL_ARGUMENTS);
    this.nLayer = given.nLayer;
    this.std = given.std;
    this.residualProjections = compileNamePatterns(given.residualProjections ?? ["**.c_proj"], "residualProjections");
  }

  /** The std of the residual output projections: `std / √(2·nLayer)`. */
  get residualStd(): number {
    return this.std / Math.sqrt(2 * this.nLayer);
  }

  override get info(): string {
    return `${this.initializerName}: nLayer=${this.nLayer}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}`;
  }

  /** GPT-2's rules (see the class), from `gpt2-scaled-residual-decisions.ts`, loaded on first use. */
  async decide(layers: readonly WeightLayer[], warn: (message: string) => void): Promise<readonly LayerDecision[]> {
    const { gpt2ScaledResidualDecisions } = await import("./gpt2-scaled-residual-decisions");
    return gpt2ScaledResidualDecisions(this, layers, warn);
  }
}

/**
 * GPT-2's scaled residual initialization on a whole `model` (see {@link Gpt2ScaledResidualInit}).
 * @example
 * await gpt2ScaledResidualInit(model, { nLayer: 12 });
 */
export async function gpt2ScaledResidualInit(model: ModuleLike, args: Gpt2ScaledResidualInitArgs, onWarning?: (message: string) => void): Promise<void> {
  await initializeTree(model, new Gpt2ScaledResidualInit(args), onWarning);
}
