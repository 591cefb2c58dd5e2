import { generateRuleValues, writeRule } from "@initlib/initializers";
import { ensure, type ConformanceCheck } from "../conformance-check";
import type { RandomRule } from "../statistics/distributions";
import { ensureBitIdentical, readChecked, withStorage } from "../storage-helpers";
import { ensureMatchesReference } from "./sample-reference";
import { requiredMethodsOnly } from "./without-sample";

/** A prime chunk length: chunk boundaries then fall inside Philox's 4-element blocks. */
const UNALIGNED_CHUNK = 9973;

const LARGE_RULES: readonly RandomRule[] = [
  { kind: "uniform", low: -0.25, high: 0.75 },
  { kind: "normal", mean: 0, std: 0.01 },
  { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
];

/**
 * A parameter larger than one chunk, written through `writeRule`, equals the reference generated in
 * one piece: chunk boundaries are invisible. Exact on the host path; within tolerance (uniform exact)
 * when the backend samples on the device.
 */
export const chunkedGenerationCheck: ConformanceCheck = {
  id: "chunked-generation",
  title: "generates a parameter larger than one chunk exactly like the reference generated in one piece",
  async run({ backend, options }) {
    const size = options.largeElements;
    const shape = [size];
    await withStorage(backend, shape, async (storage) => {
      for (const rule of LARGE_RULES) {
        const key = { seed: 7, path: `large.${rule.kind}` };
        await writeRule(backend, storage, shape, rule, key);
        const actual = await readChecked(backend, storage, size);
        const reference = new Float32Array(size);
        generateRuleValues(rule, key, 0, reference);
        const what = `${size} elements of ${JSON.stringify(rule)}`;
        if (backend.sample) ensureMatchesReference(actual, reference, rule, options.normalTolerance, what);
        else ensureBitIdentical(actual, reference, `${what} (host generation)`);
      }
      const loaded = new Float32Array(size);
      for (let index = 0; index < size; index += 1) loaded[index] = (index % 1013) - 506.5;
      await writeRule(backend, storage, shape, { kind: "values", source: "conformance", load: async () => loaded.slice() }, { seed: 0, path: "large.values" });
      ensureBitIdentical(await readChecked(backend, storage, size), loaded, `${size} loaded values`);
      await writeRule(backend, storage, shape, { kind: "constant", value: 0.3 }, { seed: 0, path: "large.constant" });
      const constant = await readChecked(backend, storage, size);
      ensure(constant.every((value) => value === Math.fround(0.3)), `${size} elements of a constant rule are not all ${Math.fround(0.3)}`);
    });
    // Host generation through write() only, with chunk boundaries that split Philox blocks. Four
    // chunks suffice; a smaller parameter keeps this cheap on backends whose partial writes are slow.
    const plain = requiredMethodsOnly(backend);
    const unalignedShape = [4 * UNALIGNED_CHUNK + 3];
    await withStorage(plain, unalignedShape, async (storage) => {
      const rule: RandomRule = { kind: "normal", mean: 0.5, std: 2 };
      const key = { seed: 8, path: "large.unaligned" };
      await writeRule(plain, storage, unalignedShape, rule, key, { chunkElements: UNALIGNED_CHUNK });
      const reference = new Float32Array(unalignedShape[0]!);
      generateRuleValues(rule, key, 0, reference);
      ensureBitIdentical(await readChecked(plain, storage, reference.length), reference, `${reference.length} elements written in chunks of ${UNALIGNED_CHUNK}`);
    });
  },
};
