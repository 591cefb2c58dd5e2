import type { Backend } from "@initlib/initializers";
import { startBackendRun } from "@initlib/initializers/internal";
import { ensure, type ConformanceCheck, type ConformanceContext } from "../conformance-check";
import { ensureBitIdentical, patternValues, readChecked } from "../storage-helpers";

const SHAPE = [3, 4];
const SIZE = 12;

/** A stand-in for the framework's tensor: the same object in every run of one check. */
const TENSOR = Object.freeze({ name: "conformance tensor" });

async function liveCount(context: ConformanceContext): Promise<number | undefined> {
  return context.options.liveAllocations === undefined ? undefined : await context.options.liveAllocations();
}

async function ensureNoLeak(context: ConformanceContext, before: number | undefined, what: string): Promise<void> {
  const after = await liveCount(context);
  if (before === undefined || after === undefined) return;
  ensure(after === before, () => `${after - before} allocation(s) still live after ${what} (${before} before, ${after} after)`);
}

/** A live storage holding `values`, as a tensor holds its values between runs. */
async function liveStorage(backend: Backend<unknown>, values: Float32Array): Promise<unknown> {
  const storage = await backend.allocate(SHAPE);
  await backend.write(storage, values, 0);
  return storage;
}

/**
 * A run that succeeds, driven as `initWeights()` drives it (with `startBackendRun`, which calls each
 * hook once): a stage is allocated and written inside the run, committed in place of a live storage,
 * the replaced storage is disposed, then the run. The stage then holds the written values, and once
 * it is disposed too nothing is left allocated. Backends without `beginRun` take the same path with
 * hooks that do nothing.
 */
export const runCommitCheck: ConformanceCheck = {
  id: "run-commit",
  title: "a committed run (beginRun, stage, commit, dispose of the replaced storage, run dispose) leaves the staged values live and nothing else",
  async run(context) {
    const { backend } = context;
    const before = await liveCount(context);
    const replaced = await liveStorage(backend, patternValues(SIZE, 1));
    const staged = await (async () => {
      const run = await startBackendRun(backend);
      try {
        const storage = await backend.allocate(SHAPE);
        await backend.write(storage, patternValues(SIZE, 2), 0);
        await run.commit([{ tensor: TENSOR, path: "conformance.weight", staged: storage, replaced }]);
        await backend.dispose(replaced);
        return storage;
      } finally {
        await run.dispose();
      }
    })();
    ensureBitIdentical(await readChecked(backend, staged, SIZE), patternValues(SIZE, 2), "the committed stage");
    // The next run replaces the committed stage: the lifecycle repeats on the same tensor.
    const run = await startBackendRun(backend);
    const next = await backend.allocate(SHAPE);
    await backend.fill(next, 0.5);
    await run.commit([{ tensor: TENSOR, path: "conformance.weight", staged: next, replaced: staged }]);
    await backend.dispose(staged);
    await run.dispose();
    ensure((await readChecked(backend, next, SIZE)).every((value) => value === 0.5), "the stage of a second committed run does not hold the filled 0.5");
    await backend.dispose(next);
    await ensureNoLeak(context, before, "two committed runs whose storages were all disposed");
  },
};

/**
 * A run that fails: stages are allocated and written, one of them only partly, then disposed, and
 * the run is disposed without a commit. The live storage keeps its values bit for bit, and nothing
 * the run allocated stays allocated.
 */
export const runRollBackCheck: ConformanceCheck = {
  id: "run-roll-back",
  title: "a rolled-back run (beginRun, stages written then disposed, run dispose without commit) leaves the live storage as it was and leaks nothing",
  async run(context) {
    const { backend } = context;
    const before = await liveCount(context);
    const live = await liveStorage(backend, patternValues(SIZE, 3));
    const run = await startBackendRun(backend);
    const stages: unknown[] = [];
    try {
      for (const salt of [4, 5]) {
        const stage = await backend.allocate(SHAPE);
        stages.push(stage);
        await backend.write(stage, patternValues(SIZE, salt), 0);
      }
      // A chunked write stopped halfway, as when the device fails mid-parameter.
      const partial = await backend.allocate(SHAPE);
      stages.push(partial);
      await backend.write(partial, patternValues(5, 6), 0);
    } finally {
      for (const stage of stages) await backend.dispose(stage);
      await run.dispose();
    }
    ensure(run.state === "disposed", () => `the run is ${run.state} after dispose`);
    ensureBitIdentical(await readChecked(backend, live, SIZE), patternValues(SIZE, 3), "the live storage after the rolled-back run");
    await backend.dispose(live);
    await ensureNoLeak(context, before, "a rolled-back run");
  },
};
