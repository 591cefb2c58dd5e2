import { describeValue } from "@initlib/registry";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { captureError, patternValues } from "../storage-helpers";

/** Every use of a disposed storage fails with the disposed error, never with stale or garbage data. */
export const disposeCheck: ConformanceCheck = {
  id: "dispose",
  title: "rejects every use of a disposed storage with the disposed error",
  async run({ backend, options }) {
    const uses: [string, (storage: unknown) => unknown][] = [
      ["read", (storage) => backend.read(storage)],
      ["write", (storage) => backend.write(storage, patternValues(4, 1), 0)],
      ["fill", (storage) => backend.fill(storage, 1)],
    ];
    if (backend.sample) {
      const sample = backend.sample.bind(backend);
      uses.push(["sample", (storage) => sample(storage, { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 1, path: "weight" } })]);
    }
    for (const [operation, use] of uses) {
      const storage = await backend.allocate([2, 2]);
      await backend.write(storage, patternValues(4, 0), 0);
      await backend.dispose(storage);
      const error = await captureError(() => use(storage), `${operation} on a disposed storage`);
      ensure(options.isDisposedError(error), () =>
        `${operation} on a disposed storage threw ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)}, expected the disposed error (InitlibError INITLIB_DISPOSED)`,
      );
    }
  },
};
