import { writeRule } from "@initlib/initializers";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { patternValues } from "../storage-helpers";

const SHAPES: readonly (readonly number[])[] = [[], [0], [7], [16, 9], [2, 3, 4, 5]];

/** One cycle: every operation on several shapes, a rejected write and a sampled rule, then dispose. */
async function cycle(context: Parameters<ConformanceCheck["run"]>[0], round: number): Promise<void> {
  const { backend } = context;
  for (const [index, shape] of SHAPES.entries()) {
    const storage = await backend.allocate(shape);
    const size = shape.reduce((product, length) => product * length, 1);
    await backend.write(storage, patternValues(size, round), 0);
    if (size > 2) await backend.write(storage, patternValues(2, round), 1);
    await backend.fill(storage, round);
    await backend.read(storage);
    try {
      await backend.write(storage, patternValues(size + 1, round), 0);
    } catch {
      // Rejected on purpose: the rejection itself must not leak.
    }
    await writeRule(backend, storage, shape, { kind: "normal", mean: 0, std: 1 }, { seed: round, path: `cycle.${index}` });
    await writeRule(backend, storage, shape, { kind: "uniform", low: -1, high: 1 }, { seed: round, path: `cycle.${index}` });
    await backend.read(storage);
    await backend.dispose(storage);
  }
}

/** Many allocate/write/read/dispose cycles leave the live allocation count where it started. */
export const leakCheck: ConformanceCheck = {
  id: "no-leaks",
  title: "leaks no allocation over many allocate/write/fill/sample/dispose cycles",
  async run(context) {
    const count = context.options.liveAllocations;
    if (!count) return context.skip("no `liveAllocations` option: pass one that counts the backend's live tensors or buffers");
    // The first cycle may create lazily cached resources (kernels, pipelines); count from after it.
    await cycle(context, 0);
    const before = await count();
    for (let round = 1; round <= context.options.leakCycles; round += 1) await cycle(context, round);
    const after = await count();
    ensure(after === before, () =>
      `${after - before} allocation(s) still live after ${context.options.leakCycles} cycles (${before} before, ${after} after)`,
    );
  },
};
