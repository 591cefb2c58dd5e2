import { createHostBackend, type Backend } from "@initlib/initializers";
import { describeBackendConformance } from "../src/vitest";

describeBackendConformance("host backend", () => createHostBackend());

/** The host backend with a live-allocation counter, so the leak check runs too. */
let live = 0;
function countedHostBackend(): Backend<Float32Array> {
  const host = createHostBackend();
  return {
    name: "host-counted",
    specVersion: host.specVersion,
    allocate: (shape) => {
      const storage = host.allocate(shape);
      live += 1;
      return storage;
    },
    write: (storage, values, offset) => host.write(storage, values, offset),
    read: (storage) => host.read(storage),
    fill: (storage, value) => host.fill(storage, value),
    dispose: (storage) => {
      host.dispose(storage);
      live -= 1;
    },
    sample: (storage, request) => host.sample(storage, request),
  };
}

describeBackendConformance("host backend with an allocation counter", countedHostBackend, {
  liveAllocations: () => live,
  only: ["identity", "no-leaks", "dispose"],
});
