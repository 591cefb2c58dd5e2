import { type ArgumentsFromSchema, defineArgumentSchema, InitlibError } from "@initlib/registry";
import type { FillRule } from "../../fill-rule";
import { formatPythonValue } from "../../math/format-python-value";
import type { ModuleLike } from "../../module-like";
import { KAIMING_MODES, type KaimingMode, kaimingRule } from "../../rules/kaiming-rule";
import { BASE_INIT_ARGUMENTS } from "../base-init";
import { compileNamePatterns, matchesAny, type NamePattern } from "./name-pattern";
import { listPaths } from "./structure-checks";
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

/** The branches of a model as Fixup counts them: L branches, each with its weight layers in order. */
export interface FixupBranches {
  /** Branch path → indices (into the layer list) of its weight layers, in order. */
  readonly branches: ReadonlyMap<string, readonly number[]>;
  /** Index → branch path of every layer on a branch. */
  readonly branchOf: ReadonlyMap<number, string>;
}

/**
 * Groups layers into residual branches: a layer belongs to the branch whose path is the shortest
 * dotted prefix of its own path matching `branches`, unless it matches `shortcuts`.
 * @internal
 */
export function groupBranches(layers: readonly WeightLayer[], branches: readonly NamePattern[], shortcuts: readonly NamePattern[]): FixupBranches {
  const groups = new Map<string, number[]>();
  const branchOf = new Map<number, string>();
  layers.forEach((layer, index) => {
    if (matchesAny(shortcuts, layer.path)) return;
    const segments = layer.path.split(".");
    for (let length = 1; length <= segments.length; length += 1) {
      const prefix = segments.slice(0, length).join(".");
      if (!matchesAny(branches, prefix)) continue;
      groups.set(prefix, [...(groups.get(prefix) ?? []), index]);
      branchOf.set(index, prefix);
      return;
    }
  });
  return { branches: groups, branchOf };
}

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

  /** He's normal rule for `layer` with its std multiplied by `scale`. */
  private heRule(layer: WeightLayer, scale: number): FillRule | null {
    const rule = kaimingRule(layer.weight, { a: 0, mode: this.mode, nonlinearity: "relu", distribution: "normal" });
    if (rule === null || rule.kind !== "normal") return rule;
    return { kind: "normal", mean: 0, std: rule.std * scale };
  }

  decide(layers: readonly WeightLayer[]): readonly LayerDecision[] {
    const { branches, branchOf } = groupBranches(layers, this.branches, this.shortcuts);
    if (branches.size === 0) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `${this.initializerName}: branches matches no residual branch of the model`, {
        path: "branches",
        received: this.branches.map((pattern) => pattern.source),
        expected: `globs matching a prefix of these layer paths: ${listPaths(layers)}`,
        hint: "give the paths of the residual blocks, e.g. `layer*.*` for torchvision's ResNet",
      });
    }
    for (const [path, members] of branches) {
      if (members.length >= 2) continue;
      throw new InitlibError("INITLIB_BAD_CONFIG", `${this.initializerName}: branch ${path} has ${members.length} weight layer; Fixup needs m >= 2`, {
        path: "branches",
        received: { branch: path, layers: members.map((index) => layers[index]!.path) },
        expected: "residual branches of at least two weight layers (the scale L^(-1/(2m-2)) is undefined for m = 1)",
        hint: "match the blocks, not their layers (`layer*.*`, not `layer*.*.conv1`), or add the single layer to shortcuts",
      });
    }
    const count = branches.size;
    return layers.map((layer, index): LayerDecision => {
      if (matchesAny(this.classifier, layer.path)) return { weight: { kind: "constant", value: 0 }, bias: 0, role: "classifier, zero" };
      const branch = branchOf.get(index);
      if (branch === undefined) return { weight: this.heRule(layer, 1), role: "outside the branches, He" };
      const members = branches.get(branch)!;
      if (members.at(-1) === index) return { weight: { kind: "constant", value: 0 }, role: `last layer of branch ${branch}, zero` };
      const scale = count ** (-1 / (2 * members.length - 2));
      return { weight: this.heRule(layer, scale), role: `branch ${branch}, He × L^(-1/(2m-2)) = ${count}^(-1/${2 * members.length - 2}) = ${formatPythonValue(scale)}` };
    });
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
