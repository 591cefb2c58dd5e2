import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { compileNamePatterns, type NamePattern } from "./name-pattern";
import { initializeTree, type LayerDecision, StructuredInit, type WeightLayer } from "./structured-init";

const PATTERNS = { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] } as const;

/** The declaration of {@link MaximalUpdateInit}'s arguments (`{ type: 'MaximalUpdate', ... }`). */
export const MAXIMAL_UPDATE_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  baseWidth: { kind: "number", integer: true, minimum: 1, maximum: 2 ** 31 - 1, required: true, description: "the width of the base model whose stds are tuned" },
  std: { kind: "number", exclusiveMinimum: 0, float32: true, default: 0.02, description: "σ, the std of every weight in the base model" },
  inputWeights: { ...PATTERNS, default: [], description: "module-path globs of the input weights (embeddings, the first layer): std σ at every width" },
  outputWeights: { ...PATTERNS, required: true, description: "module-path globs of the output weights (the readout): std σ·baseWidth/fanIn" },
});

/** Arguments of {@link MaximalUpdateInit}, inferred from {@link MAXIMAL_UPDATE_ARGUMENTS}. */
export type MaximalUpdateInitArgs = ArgumentsFromSchema<typeof MAXIMAL_UPDATE_ARGUMENTS>;

export { maximalUpdateStd } from "./maximal-update-std";
export type { MaximalUpdateRole } from "./maximal-update-std";

/**
 * μP initialization (Yang et al., 2022, "Tensor Programs V", Table 3): each weight of rank ≥ 2 gets
 * N(0, s²) with s from {@link maximalUpdateStd} by its role — `outputWeights` (required),
 * `inputWeights` (default none), every other weight hidden — and its fan-in from its declared
 * layout; biases get `bias` (0). The widths are read from the weights' shapes; the base width is
 * the explicit `baseWidth`. μP's other half (the 1/width attention scale, the readout multiplier
 * and per-layer learning rates) belongs to the model and optimizer, not to init.
 * Info: `MaximalUpdateInit: baseWidth=256, std=0.02, bias=0`.
 * @example
 * new MaximalUpdateInit({ baseWidth: 256, inputWeights: "wte", outputWeights: "lm_head" });
 */
export class MaximalUpdateInit extends StructuredInit {
  static override readonly initializerName: string = "MaximalUpdateInit";
  static override readonly argumentSchema = MAXIMAL_UPDATE_ARGUMENTS;

  readonly baseWidth: number;
  readonly std: number;
  readonly inputWeights: readonly NamePattern[];
  readonly outputWeights: readonly NamePattern[];

  constructor(args: MaximalUpdateInitArgs) {
    super(args);
    const given = this.arguments(MAXIMAL_UPDATE_ARGUMENTS);
    this.baseWidth = given.baseWidth;
    this.std = given.std;
    this.inputWeights = compileNamePatterns(given.inputWeights, "inputWeights");
    this.outputWeights = compileNamePatterns(given.outputWeights, "outputWeights");
  }

  override get info(): string {
    return `${this.initializerName}: baseWidth=${this.baseWidth}, std=${formatPythonValue(this.std)}, bias=${formatPythonValue(this.bias)}`;
  }

  /** μP's rules (see the class), from `maximal-update-decisions.ts`, loaded on first use. */
  async decide(layers: readonly WeightLayer[]): Promise<readonly LayerDecision[]> {
    const { maximalUpdateDecisions } = await import("./maximal-update-decisions");
    return maximalUpdateDecisions(this, layers);
  }
}

/**
 * μP initialization on a whole `model` (see {@link MaximalUpdateInit}).
 * @example
 * await maximalUpdateInit(model, { baseWidth: 256, inputWeights: "wte", outputWeights: "lm_head" });
 */
export async function maximalUpdateInit(model: ModuleLike, args: MaximalUpdateInitArgs, onWarning?: (message: string) => void): Promise<void> {
  await initializeTree(model, new MaximalUpdateInit(args), onWarning);
}
