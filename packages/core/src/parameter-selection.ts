import type { ModuleLike, ParamLike, StateEntry } from "@initlib/initializers";
import type { Module } from "./module";
import type { ParameterPattern } from "./parameter-pattern";
import type { Parameter } from "./parameter";

// What a rule with `params` selects: the parameters of the rule's module whose dotted names
// (relative to that module) match one of its patterns, and a view of the module that shows an
// initializer only those parameters, so that a rule never plans (nor fails on) a parameter it
// does not select.

/** The parameters a rule's patterns select, and what each pattern matched. */
export interface ParameterSelection {
  /** Selected parameters with their names relative to the module. */
  readonly selected: ReadonlyMap<Parameter, string>;
  /** Per pattern, in config order, the names it matched (empty: the pattern matches nothing). */
  readonly matchesByPattern: readonly { readonly pattern: ParameterPattern; readonly names: readonly string[] }[];
}

/**
 * The parameters of `module` that one of `patterns` selects (tied parameters once, under their
 * first name, as `namedParameters()` lists them).
 * @example
 * selectParameters(model, [compileParameterPattern("**.bias", "params")]).selected.size;
 */
export function selectParameters(module: Module, patterns: readonly ParameterPattern[]): ParameterSelection {
  const selected = new Map<Parameter, string>();
  const matchesByPattern = patterns.map((pattern) => ({ pattern, names: [] as string[] }));
  for (const [name, parameter] of module.namedParameters()) {
    for (const entry of matchesByPattern) {
      if (!entry.pattern.test(name)) continue;
      entry.names.push(name);
      selected.set(parameter, name);
    }
  }
  return { selected, matchesByPattern };
}

/** One module of a selection view: the owner's type identity and only its selected tensors. */
class SelectedSlot implements ModuleLike {
  constructor(
    readonly typeName: string,
    readonly typeBases: readonly string[],
    readonly weight: ParamLike | null,
    readonly bias: ParamLike | null,
    private readonly entries: readonly StateEntry[],
  ) {}

  modulesPostOrder(): Iterable<ModuleLike> {
    return [this];
  }

  stateEntries(): Iterable<StateEntry> {
    return this.entries;
  }
}

/**
 * A view of `module` in which each module of the subtree (torch's `apply` order) shows only its
 * selected parameters: its `weight` and `bias` when selected (the others hidden), and every other
 * selected parameter (`pos_embed`, `cls_token`) as the `weight` of a slot of its own with the
 * owner's `typeName`, so that `layer` still filters by the owner's class and the initializer's
 * weight rule writes it.
 * @example
 * await initializer.plan(selectionView(model, selection.selected));
 */
export function selectionView(module: Module, selected: ReadonlyMap<Parameter, string>): ModuleLike {
  const slots: SelectedSlot[] = [];
  const placed = new Set<Parameter>();
  for (const owner of module.modulesPostOrder()) {
    const own = owner.ownParameters().filter(([, parameter]) => selected.has(parameter) && !placed.has(parameter));
    if (own.length === 0) continue;
    const holder = owner as Module & { readonly weight?: unknown; readonly bias?: unknown };
    const weight = own.find(([, parameter]) => parameter === holder.weight)?.[1] ?? null;
    const bias = own.find(([, parameter]) => parameter === holder.bias)?.[1] ?? null;
    const entryOf = (parameter: Parameter): StateEntry => ({ name: selected.get(parameter)!, tensor: parameter, kind: "parameter" });
    if (weight || bias) {
      slots.push(new SelectedSlot(owner.typeName, owner.typeBases, weight, bias, [weight, bias].filter((p) => p !== null).map(entryOf)));
    }
    for (const [, parameter] of own) {
      placed.add(parameter);
      if (parameter !== weight && parameter !== bias) slots.push(new SelectedSlot(owner.typeName, owner.typeBases, parameter, null, [entryOf(parameter)]));
    }
  }
  const entries = slots.flatMap((slot) => [...slot.stateEntries()]);
  return {
    typeName: module.typeName,
    typeBases: module.typeBases,
    weight: null,
    bias: null,
    modulesPostOrder: () => slots,
    stateEntries: () => entries,
  };
}
