import { generateRuleValues } from "@initlib/initializers";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { REFERENCE_KEYS, REFERENCE_RULES, REFERENCE_SHAPES, describeRule } from "../rule-cases";
import type { RandomRule } from "../statistics/distributions";
import { elementCount, ensureBitIdentical, readChecked, withStorage } from "../storage-helpers";

/**
 * Fails unless `actual` agrees with the host reference: uniform bit for bit; normal and truncated
 * normal within `tolerance · std · max(1, |z|)` per element (z = the reference's standard score).
 */
export function ensureMatchesReference(
  actual: Float32Array,
  reference: Float32Array,
  rule: RandomRule,
  tolerance: number,
  what: string,
): void {
  if (rule.kind === "uniform") {
    ensureBitIdentical(actual, reference, what);
    return;
  }
  ensure(actual.length === reference.length, () => `${what}: ${actual.length} values, expected ${reference.length}`);
  let worst = 0;
  let worstIndex = -1;
  for (let index = 0; index < reference.length; index += 1) {
    const expected = reference[index]!;
    const score = Math.abs(expected - rule.mean) / rule.std;
    const allowed = tolerance * rule.std * Math.max(1, score);
    const difference = Math.abs(actual[index]! - expected);
    // NaN differences fail too: `!(x <= y)`.
    if (!(difference <= allowed) && !(difference / allowed <= worst)) {
      worst = Number.isNaN(difference) ? Infinity : difference / allowed;
      worstIndex = index;
    }
  }
  ensure(worstIndex === -1, () =>
    `${what}: element ${worstIndex} is ${actual[worstIndex]}, the host reference ${reference[worstIndex]}` +
    ` (${worst.toFixed(1)}× the tolerance of ${tolerance} · std · max(1, |z|))`,
  );
}

/** The device sampler agrees with the host generator on every rule, key and shape. */
export const sampleReferenceCheck: ConformanceCheck = {
  id: "sample-matches-reference",
  title: "samples like the host reference: uniform bit-identical, normal and truncated normal within tolerance",
  async run({ backend, options, skip }) {
    const sample = backend.sample?.bind(backend);
    if (!sample) return skip("the backend has no `sample` fast path; `writeRule` generates on the host for it");
    for (const shape of REFERENCE_SHAPES) {
      const size = elementCount(shape);
      for (const rule of REFERENCE_RULES) {
        for (const key of REFERENCE_KEYS) {
          await withStorage(backend, shape, async (storage) => {
            await sample(storage, { rule, key });
            const actual = await readChecked(backend, storage, size);
            const reference = new Float32Array(size);
            generateRuleValues(rule, key, 0, reference);
            ensureMatchesReference(actual, reference, rule, options.normalTolerance, `sample ${describeRule(rule)} on [${shape.join(", ")}] with seed ${key.seed}, path "${key.path}"`);
          });
        }
      }
    }
  },
};
