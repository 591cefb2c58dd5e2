import { createHostBackend } from "@initlib/initializers";
import type { Backend } from "@initlib/initializers";

/** A host backend that counts operations and can be told to fail at the n-th write or fill. */
export function createCountingBackend(options: { failAtWrite?: number } = {}) {
  const host = createHostBackend();
  const counts = { allocate: 0, write: 0, fill: 0, dispose: 0, sample: 0 };
  let live = 0;
  const maybeFail = (): void => {
    if (options.failAtWrite !== undefined && counts.write + counts.fill + counts.sample === options.failAtWrite) {
      throw new Error("device lost");
    }
  };
  const backend: Backend<Float32Array> & { counts: typeof counts; live: () => number } = {
    name: "counting",
    specVersion: 1,
    counts,
    live: () => live,
    allocate(shape) {
      counts.allocate++;
      live++;
      return host.allocate(shape) as Float32Array;
    },
    write(storage, values, offset) {
      maybeFail();
      counts.write++;
      return host.write(storage, values, offset);
    },
    read: (storage) => host.read(storage),
    fill(storage, value) {
      maybeFail();
      counts.fill++;
      return host.fill(storage, value);
    },
    dispose(storage) {
      counts.dispose++;
      live--;
      return host.dispose(storage);
    },
  };
  return backend;
}
