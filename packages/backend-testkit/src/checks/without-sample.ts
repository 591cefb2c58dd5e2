import { generateRuleValues, writeRule, type Backend } from "@initlib/initializers";
import { type ConformanceCheck } from "../conformance-check";
import { REFERENCE_KEYS, REFERENCE_RULES, REFERENCE_SHAPES, describeRule } from "../rule-cases";
import { elementCount, ensureBitIdentical, readChecked, withStorage } from "../storage-helpers";

/**
 * The backend seen through its required methods only, as a backend without fast paths looks.
 * Methods are bound, so class-based backends keep their `this`.
 */
export function requiredMethodsOnly(backend: Backend<unknown>): Backend<unknown> {
  return {
    name: backend.name,
    specVersion: backend.specVersion,
    allocate: backend.allocate.bind(backend),
    write: backend.write.bind(backend),
    read: backend.read.bind(backend),
    fill: backend.fill.bind(backend),
    dispose: backend.dispose.bind(backend),
  };
}

/** Without `sample`, `writeRule` generates on the host and writes; the result is the reference, bit for bit. */
export const hostFallbackCheck: ConformanceCheck = {
  id: "host-fallback",
  title: "works without its fast paths: host generation through write() gives the reference bit for bit",
  async run({ backend }) {
    const plain = requiredMethodsOnly(backend);
    for (const shape of REFERENCE_SHAPES) {
      const size = elementCount(shape);
      await withStorage(plain, shape, async (storage) => {
        for (const rule of REFERENCE_RULES) {
          for (const key of REFERENCE_KEYS) {
            await writeRule(plain, storage, shape, rule, key);
            const reference = new Float32Array(size);
            generateRuleValues(rule, key, 0, reference);
            ensureBitIdentical(await readChecked(plain, storage, size), reference, `${describeRule(rule)} on [${shape.join(", ")}], seed ${key.seed}`);
          }
        }
      });
    }
  },
};
