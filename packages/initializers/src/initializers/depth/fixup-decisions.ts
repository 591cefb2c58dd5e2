import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../../fill-rule";
import { formatPythonValue } from "../../math/format-python-value";
import { type KaimingMode, kaimingRule } from "../../rules/kaiming-rule";
import type { NamePattern } from "./name-pattern";
import { matchesAny } from "./name-pattern-match";
import { listPaths } from "./structure-checks";
import type { LayerDecision, WeightLayer } from "./layer-decision";

// FixupInit's decisions, loaded with import() when it first plans: the eager fixup.ts holds the
// arguments and their checks.

/** What the decisions read of a {@link FixupInit}-like scheme (the eager class passes itself). */
export interface FixupSettings {
  readonly initializerName: string;
  readonly branches: readonly NamePattern[];
  readonly shortcuts: readonly NamePattern[];
  readonly classifier: readonly NamePattern[];
  readonly mode: KaimingMode;
}

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

/** He's normal rule for `layer` with its std multiplied by `scale`. */
function heRule(init: FixupSettings, layer: WeightLayer, scale: number): FillRule | null {
  const rule = kaimingRule(layer.weight, { a: 0, mode: init.mode, nonlinearity: "relu", distribution: "normal" });
  if (rule === null || rule.kind !== "normal") return rule;
  return { kind: "normal", mean: 0, std: rule.std * scale };
}

/**
 * The rules of Fixup on `layers` (see {@link FixupInit}): classifier and last branch layers zero,
 * He's normal elsewhere, scaled by L^(−1/(2m−2)) inside the branches.
 * @throws InitlibError `INITLIB_BAD_CONFIG` when no branch matches or a branch has one layer
 * @example
 * fixupDecisions(new FixupInit({ branches: "layer*.*" }), weightLayers(resnet, () => true));
 */
export function fixupDecisions(init: FixupSettings, layers: readonly WeightLayer[]): readonly LayerDecision[] {
  const { branches, branchOf } = groupBranches(layers, init.branches, init.shortcuts);
  if (branches.size === 0) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `${init.initializerName}: branches matches no residual branch of the model`, {
      path: "branches",
      received: init.branches.map((pattern) => pattern.source),
      expected: `globs matching a prefix of these layer paths: ${listPaths(layers)}`,
      hint: "give the paths of the residual blocks, e.g. `layer*.*` for torchvision's ResNet",
    });
  }
  for (const [path, members] of branches) {
    if (members.length >= 2) continue;
    throw new InitlibError("INITLIB_BAD_CONFIG", `${init.initializerName}: branch ${path} has ${members.length} weight layer; Fixup needs m >= 2`, {
      path: "branches",
      received: { branch: path, layers: members.map((index) => layers[index]!.path) },
      expected: "residual branches of at least two weight layers (the scale L^(-1/(2m-2)) is undefined for m = 1)",
      hint: "match the blocks, not their layers (`layer*.*`, not `layer*.*.conv1`), or add the single layer to shortcuts",
    });
  }
  const count = branches.size;
  return layers.map((layer, index): LayerDecision => {
    if (matchesAny(init.classifier, layer.path)) return { weight: { kind: "constant", value: 0 }, bias: 0, role: "classifier, zero" };
    const branch = branchOf.get(index);
    if (branch === undefined) return { weight: heRule(init, layer, 1), role: "outside the branches, He" };
    const members = branches.get(branch)!;
    if (members.at(-1) === index) return { weight: { kind: "constant", value: 0 }, role: `last layer of branch ${branch}, zero` };
    const scale = count ** (-1 / (2 * members.length - 2));
    return { weight: heRule(init, layer, scale), role: `branch ${branch}, He × L^(-1/(2m-2)) = ${count}^(-1/${2 * members.length - 2}) = ${formatPythonValue(scale)}` };
  });
}
