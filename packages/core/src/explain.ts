import { printableText } from "./printable-text";
import { type FillRule } from "@initlib/initializers";
import { standardNormalCdf } from "@initlib/initializers/internal";
import type { BaseModule } from "./base-module";
import type { RuleReport } from "./init-report";
import type { InitWeightsOptions } from "./init-session";
import { silentLogger } from "./logger";
import type { Module } from "./module";

/** One parameter of a plan: what will write it and what its values will look like. */
export interface PlannedParameter {
  readonly name: string;
  readonly shape: readonly number[];
  /** Info string of the final writer (MMEngine's text), or the "value is the same" text for defaults. */
  readonly info: string;
  /** Whether an initializer or user code writes it (false: the layer's torch default or its current value). */
  readonly written: boolean;
  readonly rule: FillRule | undefined;
  readonly fans: { readonly fanIn: number; readonly fanOut: number } | undefined;
  /** Standard deviation of the values the rule produces (0 for constants). */
  readonly std: number | undefined;
  /** Smallest and largest possible value. */
  readonly bounds: readonly [number, number] | undefined;
}

/** The plan of an `initWeights()` call, as data and as printable text. */
export interface InitPlan {
  readonly topClass: string;
  readonly parameters: readonly PlannedParameter[];
  /** Every rule in the order it runs, with what it selects and writes (a later rule overwrites an earlier one). */
  readonly rules: readonly RuleReport[];
  /** Parameters no rule writes (they keep their default). */
  readonly untouched: readonly string[];
  readonly warnings: readonly string[];
  readonly text: string;
}

/** Options of {@link explain}. */
export interface ExplainOptions extends Pick<InitWeightsOptions, "seed" | "logger" | "strict"> {
  /** Print the plan's text to the console. @default true */
  readonly print?: boolean;
}

const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Standard deviation and range of the values a rule produces. */
export function ruleStatistics(rule: FillRule): { std: number | undefined; bounds: [number, number] | undefined } {
  switch (rule.kind) {
    case "constant":
      return { std: 0, bounds: [rule.value, rule.value] };
    case "uniform":
      return { std: (rule.high - rule.low) / Math.sqrt(12), bounds: [rule.low, rule.high] };
    case "normal":
      return { std: rule.std, bounds: rule.std === 0 ? [rule.mean, rule.mean] : [-Infinity, Infinity] };
    case "truncNormal": {
      if (rule.std === 0) return { std: 0, bounds: [rule.low, rule.high] };
      // Variance of N(mean, std²) truncated to [a, b]: std²·(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²)
      const alpha = (rule.low - rule.mean) / rule.std;
      const beta = (rule.high - rule.mean) / rule.std;
      const z = standardNormalCdf(beta) - standardNormalCdf(alpha);
      const da = Number.isFinite(alpha) ? density(alpha) : 0;
      const db = Number.isFinite(beta) ? density(beta) : 0;
      const ta = Number.isFinite(alpha) ? alpha * da : 0;
      const tb = Number.isFinite(beta) ? beta * db : 0;
      const variance = rule.std * rule.std * (1 + (ta - tb) / z - ((da - db) / z) ** 2);
      return { std: Math.sqrt(Math.max(variance, 0)), bounds: [rule.low, rule.high] };
    }
    case "values":
      return { std: undefined, bounds: undefined };
  }
}

/** A short description of a rule: `U(-0.125, 0.125)`, `N(0, 0.02²)`, `const 1`, `values from x.pth`. */
export function describeRule(rule: FillRule | undefined): string {
  if (!rule) return "unchanged";
  const n = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+(e|$)/, "$1"));
  switch (rule.kind) {
    case "constant":
      return `const ${n(rule.value)}`;
    case "uniform":
      return `U(${n(rule.low)}, ${n(rule.high)})`;
    case "normal":
      return `N(${n(rule.mean)}, ${n(rule.std)}²)`;
    case "truncNormal":
      return `TN(${n(rule.mean)}, ${n(rule.std)}²) in [${n(rule.low)}, ${n(rule.high)}]`;
    case "values":
      return `values from ${rule.source}`;
  }
}

function fansOf(module: Module, name: string): PlannedParameter["fans"] {
  const parameter = module.namedParameters().find(([candidate]) => candidate === name)?.[1];
  if (!parameter || parameter.shape.length < 2) return undefined;
  try {
    return parameter.fans;
  } catch {
    return undefined;
  }
}

/**
 * Plans `initWeights()` without allocating or writing anything (and without running user-defined
 * `initWeights` code) and returns, for each parameter, the rule that will write it, its
 * arguments, the fans and the resulting std or bounds; prints the plan unless `print: false`.
 * @example
 * const plan = await explain(model, { seed: 0 });
 * plan.parameters.find((p) => p.name === "head.weight")?.std;
 */
export async function explain(model: BaseModule, options: ExplainOptions = {}): Promise<InitPlan> {
  const report = await model.planInitWeights({ seed: options.seed, logger: options.logger ?? silentLogger, strict: options.strict });
  const parameters: PlannedParameter[] = report.parameters.map((entry) => {
    const { std, bounds } = entry.rule ? ruleStatistics(entry.rule) : { std: undefined, bounds: undefined };
    return { name: entry.name, shape: entry.shape, info: entry.info, written: entry.written, rule: entry.rule, fans: fansOf(model, entry.name), std, bounds };
  });
  const rows = parameters.map((p) => [
    printableText(p.name),
    `[${p.shape.join(", ")}]`,
    describeRule(p.rule),
    p.fans ? `${p.fans.fanIn}/${p.fans.fanOut}` : "-",
    p.std === undefined ? "-" : p.std.toPrecision(4),
    printableText(p.written ? p.info.trim() : `default (${p.info.trim()})`),
  ]);
  const header = ["parameter", "shape", "rule", "fan in/out", "std", "writer"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ");
  const text = [
    `Initialization plan of ${printableText(report.topClass)} (seed ${report.seed})`,
    line(header),
    ...rows.map(line),
    ...formatRules(report.rules, report.untouched),
    ...report.warnings.map((warning) => `warning: ${printableText(warning)}`),
  ].join("\n");
  if (options.print ?? true) console.log(text);
  return { topClass: report.topClass, parameters, rules: report.rules, untouched: report.untouched, warnings: report.warnings, text };
}

/**
 * The rules section of a plan: per rule, in the order rules run, its selection and the tensors it
 * writes (per pattern for `params` rules), then the parameters no rule writes.
 * @example
 * formatRules(report.rules, report.untouched).join("\n");
 */
export function formatRules(rules: readonly RuleReport[], untouched: readonly string[]): string[] {
  const lines = rules.length === 0 ? [] : ["rules, in the order they run (a later rule overwrites an earlier one):"];
  for (const rule of rules) {
    const where = rule.module === "" ? "" : ` on ${printableText(rule.module)}`;
    lines.push(`  ${printableText(rule.path)}${where}: ${printableText(rule.info)} [${printableText(rule.selection)}]`);
    for (const pattern of rule.patterns ?? []) {
      lines.push(`    '${printableText(pattern.pattern)}' matches ${pattern.matched.length === 0 ? "nothing" : listNames(pattern.matched)}`);
    }
    lines.push(`    writes ${rule.matched.length === 0 ? "nothing" : listNames(rule.matched)}`);
  }
  lines.push(untouched.length === 0 ? "every parameter is written by a rule" : `untouched by any rule (default values): ${listNames(untouched)}`);
  return lines;
}

function listNames(names: readonly string[]): string {
  return `${names.length}: ${names.map((name) => printableText(name)).join(", ")}`;
}
