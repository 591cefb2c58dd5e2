import type { RandomKey } from "@initlib/initializers";
import type { RandomRule } from "./statistics/distributions";

/**
 * Random rules every fast path is compared on: MMEngine's defaults and awkward values (bounds that are
 * not float32, a narrow std, asymmetric truncation). Truncation bounds stay within ±3 std for the
 * element-wise comparison, where float32 Φ⁻¹ is well conditioned.
 */
export const REFERENCE_RULES: readonly RandomRule[] = [
  { kind: "uniform", low: 0, high: 1 },
  { kind: "uniform", low: -0.1, high: 0.3 },
  { kind: "uniform", low: -1e-3, high: 5 },
  { kind: "normal", mean: 0, std: 1 },
  { kind: "normal", mean: 0.5, std: 0.02 },
  { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
  { kind: "truncNormal", mean: 0.1, std: 0.5, low: -0.3, high: 0.9 },
];

/** Rules of the statistical checks, including MMEngine's `trunc_normal_` default with a small std. */
export const STATISTICAL_RULES: readonly RandomRule[] = [
  { kind: "uniform", low: -0.5, high: 1.5 },
  { kind: "normal", mean: 0.25, std: 2 },
  { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
  { kind: "truncNormal", mean: 0, std: 0.02, low: -2, high: 2 },
  { kind: "truncNormal", mean: 1, std: 0.5, low: 0.2, high: 1.4 },
];

/** Keys: seed 0, a seed above 2^32, the largest seed, and a non-ASCII path. */
export const REFERENCE_KEYS: readonly RandomKey[] = [
  { seed: 0, path: "weight" },
  { seed: 2 ** 40 + 7, path: "backbone.layer1.0.conv1.weight" },
  { seed: Number.MAX_SAFE_INTEGER, path: "head.fc.bias" },
  { seed: 42, path: "décodeur.couche_2.poids" },
];

/** Shapes of the element-wise comparison: 0-d, zero-size, lengths not divisible by 4, rank 4. */
export const REFERENCE_SHAPES: readonly (readonly number[])[] = [[], [0], [1], [7], [4, 33], [2, 3, 5, 7], [3, 0, 2]];

/** Short text for a rule in failure messages. */
export function describeRule(rule: RandomRule): string {
  return JSON.stringify(rule);
}
