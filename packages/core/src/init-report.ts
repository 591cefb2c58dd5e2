import type { FillRule, LoadReport } from "@initlib/initializers";
import type { LogRecord } from "./logger";

/** What one `initWeights()` call did to one parameter. */
export interface ParameterReport {
  /** Dotted name, torch style (`backbone.conv1.weight`); a tied parameter once, under its first name. */
  readonly name: string;
  readonly shape: readonly number[];
  /**
   * MMEngine's info string of the last writer, exactly (including the trailing space of the two
   * fixed strings): an initializer's info, ``Initialized by user-defined `init_weights` in <Class> ``,
   * or ``The value is the same before and after calling `init_weights` of <TopClass> `` when nothing
   * in this call wrote it.
   */
  readonly info: string;
  /** `info` without surrounding whitespace. */
  readonly infoTrimmed: string;
  /** Every writer of this call, in order; the last is the one whose values the parameter holds. */
  readonly history: readonly string[];
  /** Whether this call wrote the parameter (it holds the last writer's values). */
  readonly written: boolean;
  /** The rule that produced the values, when this call wrote or first materialized the parameter. */
  readonly rule: FillRule | undefined;
}

/** What one rule (an init_cfg entry or an override) of the call selected and wrote, in the order rules ran. */
export interface RuleReport {
  /** Config path of the rule: `Net.initCfg[1]`, `Net.initCfg[0].override`, `initialize.initCfg`. */
  readonly path: string;
  /** The initializer's info string (MMEngine's text). */
  readonly info: string;
  /** Dotted path of the module the rule ran on (`''` for the top module). */
  readonly module: string;
  /** How the rule selects: `layer=Conv2d`, `params=**.bias`, `params=... & layer=Linear`, `whole module`, `checkpoint`. */
  readonly selection: string;
  /** Full dotted names of the tensors the rule wrote, in its order (a later rule may overwrite them). */
  readonly matched: readonly string[];
  /** For a rule with `params`: per pattern, the parameter names it matched (relative to `module`). */
  readonly patterns?: readonly { readonly pattern: string; readonly matched: readonly string[] }[];
}

/** The result of `initWeights()`: provenance per parameter, warnings, checkpoint loads and log records. */
export interface InitReport {
  /** Class of the module `initWeights()` was called on (the "top-level" call). */
  readonly topClass: string;
  readonly seed: number;
  readonly backend: string;
  readonly dryRun: boolean;
  readonly parameters: readonly ParameterReport[];
  /** Every rule that ran, in order, with what it selected and wrote. */
  readonly rules: readonly RuleReport[];
  /** Parameters that no rule and no user-defined code wrote (they keep their default or current values). */
  readonly untouched: readonly string[];
  /** Things MMEngine does silently that initlib reports (no-op entries, unmatched layers, ...). */
  readonly warnings: readonly string[];
  readonly loadReports: readonly LoadReport[];
  readonly logs: readonly LogRecord[];
}

/** torch's `repr` of a shape: `torch.Size([4, 3])`, `torch.Size([])`. @example formatTorchSize([4, 3]) */
export function formatTorchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/**
 * MMEngine's per-parameter INFO message (`\n<name> - <shape>: \n<info> \n `).
 * @example formatInitInfoRecord({ name: "fc.weight", shape: [4, 3], info: "ConstantInit: val=1, bias=0" })
 */
export function formatInitInfoRecord(entry: { name: string; shape: readonly number[]; info: string }): string {
  return `\n${entry.name} - ${formatTorchSize(entry.shape)}: \n${entry.info} \n `;
}

/** MMEngine's file-handler dump of all parameters. @example formatInitInfoFile(report.parameters) */
export function formatInitInfoFile(entries: readonly { name: string; shape: readonly number[]; info: string }[]): string {
  let text = "Name of parameter - Initialization information\n";
  for (const entry of entries) text += `\n${entry.name} - ${formatTorchSize(entry.shape)}: \n${entry.info} \n`;
  return text;
}
