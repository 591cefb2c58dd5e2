import { runBackendConformance } from "@initlib/backend-testkit";
import { BaseModule, Conv2d, Linear, silentLogger } from "@initlib/core";
import { type Backend, createHostBackend } from "@initlib/initializers";

/** A backend of our own: parameters in host memory, and a count of the writes initlib makes. */
function createCountingBackend(): Backend<Float32Array> & { writes: number } {
  const host = createHostBackend();
  const backend = {
    name: "counting",
    specVersion: 1 as const,
    writes: 0,
    allocate: (shape: readonly number[]) => host.allocate(shape),
    write(storage: Float32Array, values: Float32Array, offset: number) {
      backend.writes += 1;
      return host.write(storage, values, offset);
    },
    read: (storage: Float32Array) => host.read(storage),
    fill: (storage: Float32Array, value: number) => host.fill(storage, value),
    dispose: (storage: Float32Array) => host.dispose(storage),
  };
  return backend;
}

// 1. It meets the contract: the conformance kit passes (in a test: describeBackendConformance).
export const conformance = await runBackendConformance(createCountingBackend);

// 2. It initializes a model.
class Net extends BaseModule {
  static override readonly typeName = "Net";
  conv = new Conv2d({ inChannels: 3, outChannels: 16, kernelSize: 3 });
  head = new Linear({ inFeatures: 16, outFeatures: 10 });
}
const backend = createCountingBackend();
const net = new Net([
  { type: "Kaiming", layer: "Conv2d" },
  { type: "Normal", std: 0.01, layer: "Linear" },
]);
export const report = await net.initWeights({ backend, seed: 42, logger: silentLogger });
export const writes = backend.writes;
export const headWeights = await net.head.weight.read();
