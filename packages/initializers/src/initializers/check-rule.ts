import { FLOAT32_MAXIMUM, InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { prepareRule } from "../random/prepared-rule";
import { nonFiniteReason } from "../rules/float32-range";

/**
 * Checks at plan time, before anything is written, that a weight's rule computed from an
 * initializer's arguments can be written into float32 without NaN or ±Infinity: constants and
 * bounds finite in float32, a uniform width float32 can hold, a normal whose reach
 * `|mean| + 10·std` stays below float32's largest value (`std: 1e38` passes argument validation
 * but overflows when sampled). The error names the initializer and, when the rule's field is one of
 * its arguments (`std`, `mean`), that argument as path. `values` rules are checked when loaded.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT`
 * @example
 * checkRuleCanBeWritten({ kind: "normal", mean: 0, std: 1e38 }, "NormalInit", ["mean", "std"]); // throws at "std"
 */
export function checkRuleCanBeWritten(rule: FillRule, owner: string, argumentNames: readonly string[]): void {
  if (rule.kind === "values") return;
  const argumentFor = (field: string): string | undefined => (argumentNames.includes(field) ? field : undefined);
  try {
    prepareRule(rule);
  } catch (error) {
    if (!InitlibError.isInstance(error)) throw error;
    const field = (error.path ?? "").replace(/^rule\./, "");
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${owner}: the arguments give a rule that cannot be written (${error.summary})`, {
      path: argumentFor(field),
      received: rule,
      expected: error.expected ?? "a rule whose values are finite float32 numbers",
      hint: "give arguments of smaller magnitude",
      cause: error,
    });
  }
  const overflow = nonFiniteReason(rule);
  if (overflow !== undefined) {
    const field = rule.kind === "constant" ? "val" : rule.kind === "normal" || rule.kind === "truncNormal" ? "std" : "b";
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${owner}: the values would overflow float32: ${overflow}`, {
      path: argumentFor(field),
      received: rule,
      expected: `values within ±${FLOAT32_MAXIMUM}, the largest finite float32 (for a normal, |mean| + 10·std)`,
      hint: "give arguments of smaller magnitude",
    });
  }
}
