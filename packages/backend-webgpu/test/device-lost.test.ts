import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createWebGpuBackend } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";

// Its own file: destroying the device ends tfjs's webgpu backend for the whole worker process.
const environment = await setUpNodeWebGpu();

describe.skipIf(!environment.available)("a device lost in the middle of an init", () => {
  it("fails every later operation with INITLIB_BACKEND_FAILURE and reassigns nothing", async () => {
    if (!environment.available) return;
    const backend = await createWebGpuBackend({ tf: environment.tf });
    const first = await backend.allocate([8]);
    await backend.sample(first, { rule: { kind: "uniform", low: -1, high: 1 }, key: { seed: 1, path: "a.weight" } });
    const written = first.variable;
    const second = await backend.allocate([8]);
    const untouched = second.variable;

    const device = (environment.tf.backend() as unknown as { device: { destroy(): void; lost: Promise<unknown> } }).device;
    device.destroy();
    await device.lost;

    const operations: Array<[string, () => Promise<unknown>]> = [
      ["sample", () => backend.sample(second, { rule: { kind: "normal", mean: 0, std: 1 }, key: { seed: 1, path: "b.weight" } })],
      ["write", () => backend.write(second, new Float32Array(8), 0)],
      ["fill", () => backend.fill(second, 0.5)],
      ["read", () => backend.read(first)],
      ["allocate", () => backend.allocate([3])],
    ];
    for (const [name, operation] of operations) {
      const error = await operation().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(InitlibError.isInstance(error), name).toBe(true);
      expect((error as InitlibError).code, name).toBe("INITLIB_BACKEND_FAILURE");
      expect((error as InitlibError).message, name).toContain("device was lost");
      expect((error as InitlibError).cause, name).toBeInstanceOf(Error);
    }
    expect(first.variable).toBe(written);
    expect(second.variable).toBe(untouched);
  });
});
