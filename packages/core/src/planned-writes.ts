import { type FillRule } from "@initlib/initializers";
import { nonFiniteReason } from "@initlib/initializers/internal";
import { InitlibError } from "@initlib/registry";
import type { ParameterReport } from "./init-report";
import type { Module } from "./module";
import type { StateTensor } from "./state-tensor";

/**
 * The plan an initWeights() call builds as MMEngine's ordering runs: per tensor the rule of its
 * last writer (what will be written) and every writer in order (its history). Nothing is written
 * while the plan grows; a rule whose values cannot be finite float32 is refused as it is recorded.
 */
export class PlannedWrites {
  private readonly pending = new Map<StateTensor, { rule: FillRule; info: string }>();
  private readonly writers = new Map<StateTensor, string[]>();
  private readonly defaults = new Map<StateTensor, FillRule>();
  private readonly finalRules = new Map<StateTensor, FillRule>();

  constructor(
    private readonly pathOf: (tensor: StateTensor) => string,
    private readonly keyOf: (tensor: StateTensor) => { seed: number; path: string },
  ) {}

  /** `tensor` will be written by `rule`, replacing any earlier writer; `note` joins its history. */
  record(tensor: StateTensor, rule: FillRule, info: string, note = info): void {
    const nonFinite = nonFiniteReason(rule);
    if (nonFinite !== undefined) {
      throw new InitlibError("INITLIB_NON_FINITE", `${info.split(":")[0]} would write values that are not finite: ${nonFinite}`, {
        path: this.pathOf(tensor),
        received: rule,
        expected: "values within float32's range (about ±3.4e38)",
        hint: "check the initializer's arguments (std, val, bounds) for a misplaced exponent",
      });
    }
    this.pending.set(tensor, { rule, info });
    let list = this.writers.get(tensor);
    if (!list) this.writers.set(tensor, (list = []));
    list.push(note);
  }

  /** Whether a writer of this call planned `tensor`. */
  has(tensor: StateTensor): boolean {
    return this.pending.has(tensor);
  }

  /** The rule whose values `tensor` holds at the end of this call: its last writer's, or its default if it was never materialized. */
  ruleToWrite(tensor: StateTensor): FillRule | undefined {
    const pending = this.pending.get(tensor);
    if (pending) return pending.rule;
    if (tensor.isMaterialized) return undefined;
    let rule = this.defaults.get(tensor);
    if (!rule) this.defaults.set(tensor, (rule = tensor.defaultRule(this.keyOf(tensor))));
    return rule;
  }

  /** The history entries of `tensor` once `rule` is committed: its writers, or its default. */
  committedHistory(tensor: StateTensor, rule: FillRule): { info: string; rule: FillRule["kind"] }[] {
    this.finalRules.set(tensor, rule);
    const writers = this.writers.get(tensor);
    return writers ? writers.map((info) => ({ info, rule: rule.kind })) : [{ info: `default: ${tensor.defaultSource}`, rule: rule.kind }];
  }

  /** Per parameter of `top`: the last writer's info (MMEngine's string when none wrote it), history and rule. */
  parameterReports(top: Module, topClass: string, dryRun: boolean): ParameterReport[] {
    const same = `The value is the same before and after calling \`init_weights\` of ${topClass} `;
    return top.namedParameters().map(([name, parameter]) => {
      const pending = this.pending.get(parameter);
      const history = this.writers.get(parameter) ?? [];
      const info = pending?.info ?? same;
      return {
        name,
        shape: parameter.shape,
        info,
        infoTrimmed: info.trim(),
        history: pending ? history : [...history],
        written: pending !== undefined,
        rule: pending?.rule ?? this.finalRules.get(parameter) ?? (dryRun ? this.ruleToWrite(parameter) : undefined),
      };
    });
  }
}
