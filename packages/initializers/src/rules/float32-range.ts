import type { FillRule } from "../fill-rule";

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;
/** No standard normal sample of the generator exceeds this in magnitude (its tails end near 6.7). */
const MAX_STANDARD_SCORE = 10;

/**
 * Why `rule` could write a value that is not a finite float32 (NaN, ±Infinity, or overflow such as
 * `Normal` with `std: 1e308`), or `undefined` when every value it can produce is finite. Checked
 * when an initializer's rule is planned, before anything is written.
 * @example
 * nonFiniteReason({ kind: "normal", mean: 0, std: 1e308 }); // "normal(mean=0, std=1e+308) overflows float32"
 */
export function nonFiniteReason(rule: FillRule): string | undefined {
  const finite = (...values: number[]) => values.every((value) => Number.isFinite(value) && Math.abs(value) <= FLOAT32_MAX);
  switch (rule.kind) {
    case "constant":
      return finite(rule.value) ? undefined : `the constant ${rule.value} is not a finite float32`;
    case "uniform":
      return finite(rule.low, rule.high) ? undefined : `uniform(${rule.low}, ${rule.high}) has a bound that is not a finite float32`;
    case "normal":
      return finite(rule.mean, rule.std, Math.abs(rule.mean) + MAX_STANDARD_SCORE * rule.std) ? undefined : `normal(mean=${rule.mean}, std=${rule.std}) overflows float32`;
    case "truncNormal": {
      const reach = Math.max(Math.abs(rule.low), Math.abs(rule.high));
      return finite(rule.mean, rule.std, Math.min(reach, Math.abs(rule.mean) + MAX_STANDARD_SCORE * rule.std)) ? undefined : `truncNormal(mean=${rule.mean}, std=${rule.std}) overflows float32`;
    }
    case "values":
      return undefined; // loaded values are checked where they are read
  }
}
