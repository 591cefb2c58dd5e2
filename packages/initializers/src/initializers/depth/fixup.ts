import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { KAIMING_MODES, type KaimingMode } from "../../rules/kaiming-rule";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { compileNamePatterns, type NamePattern } from "./name-pattern";
import { initializeTree, type LayerDecision, StructuredInit, type WeightLayer } from "./structured-init";

const PATTERNS = { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] } as const;

/** The declaration of {@link FixupInit}'s arguments (`{ type: 'Fixup', ... }`). */
export const FIXUP_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  branches: { ...PATTERNS, required: true, description: "module-path globs of the residual branches, e.g. `layer*.*` (torchvision ResNet blocks)" },
  shortcuts: {
    ...PATTERNS,
    default: ["**.downsample.**", "**.shortcut.**"],
    description: "globs of layers inside a branch module that are on the skip path (He-initialized, not scaled)",
  },
  classifier: { ...PATTERNS, default: [], description: "globs of the classification layer(s), whose weight and bias are zeroed" },
  mode: { kind: "enum", values: KAIMING_MODES, default: "fan_out", description: "fan of the He init (the Fixup reference code uses fan_out)" },
});

/** Arguments of {@link FixupInit}, inferred from {@link FIXUP_ARGUMENTS}. */
export type FixupInitArgs = ArgumentsFromSchema<typeof FIXUP_ARGUMENTS>;

/**
 * Fixup (Zhang, Dauphin & Ma, 2019, "Fixup Initialization: Residual Learning Without
 * Normalization", ICLR, §3): with L residual branches of m weight layers each,
 * 1. the classification layer (`classifier`) and the last layer of each residual branch are 0;
 * 2. every other layer gets He's normal init (`mode`, ReLU gain), and the layers inside the
 *    branches are scaled by L^(−1/(2m−2)) (std multiplied, so the variance by L^(−1/(m−1))).
 * The scalar multipliers and biases Fixup adds to the model are model code, not init.
 *
 * Structure: read from the tree. `branches` are globs over module paths; a layer belongs to the
 * branch whose path is the shortest prefix of its own that matches (so `layer*.*` groups
 * `layer1.0.conv1` and `layer1.0.conv2` into `layer1.0`), except `shortcuts` (skip-path
 * projections). L = number of branches found, m = each branch's own layer count (in
 * `stateEntries()` order, the last one zeroed). No branch found, or a branch of one layer (the
 * exponent 1/(2m−2) is undefined), fails before anything is written.
 * Info: `FixupInit: mode=fan_out, bias=0`.
 * @example
 * new FixupInit({ branches: "layer*.*", classifier: "fc" }); // ResNet-18: L = 8, m = 2, scale 8^(-1/2)
 */
export class FixupInit extends StructuredInit {
  static override readonly initializerName: string = "FixupInit";
  static override readonly argumentSchema = FIXUP_ARGUMENTS;

  readonly branches: readonly NamePattern[];
  readonly shortcuts: readonly NamePattern[];
  readonly classifier: readonly NamePattern[];
  readonly mode: KaimingMode;

  constructor(args: FixupInitArgs) {
    super(args);
    const given = this.arguments(FIXUP_ARGUMENTS);
    this.branches = compileNamePatterns(given.branches, "branches");
    this.shortcuts = compileNamePatterns(given.shortcuts, "shortcuts");
    this.classifier = compileNamePatterns(given.classifier, "classifier");
    this.mode = given.mode;
  }

  override get info(): string {
    return `${this.initializerName}: mode=${this.mode}, bias=${formatPythonValue(this.bias)}`;
  }

  /** Fixup's rules (see the class), from `fixup-decisions.ts`, loaded on first use. */
  async decide(layers: readonly WeightLayer[]): Promise<readonly LayerDecision[]> {
    const { fixupDecisions } = await import("./fixup-decisions");
    return fixupDecisions(this, layers);
  }
}

/**
 * Fixup on a whole `model` (see {@link FixupInit}).
 * @example
 * await fixupInit(resnet, { branches: "layer*.*", classifier: "fc" });
 */
export async function fixupInit(model: ModuleLike, args: FixupInitArgs, onWarning?: (message: string) => void): Promise<void> {
  await initializeTree(model, new FixupInit(args), onWarning);
}
