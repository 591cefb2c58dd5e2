import { beforeAll, describe, expect, it, vi } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";

const environment = await setUpNodeWebGpu();

describe.skipIf(!environment.available)("writes at offsets on the webgpu backend", () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    if (environment.available) backend = await createWebGpuBackend({ tf: environment.tf });
  });

  it("uploads sequential chunks once, when the last chunk completes the parameter", async () => {
    const parameter = await backend.allocate([10, 10]);
    const kernelBackend = backend.tf.backend();
    const uploads = vi.spyOn(kernelBackend, "write");
    const hostUploads = () => uploads.mock.calls.filter(([values]) => values !== undefined && values !== null).length;
    try {
      for (let offset = 0; offset < 100; offset += 30) {
        const chunk = Float32Array.from({ length: Math.min(30, 100 - offset) }, (_, index) => offset + index);
        await backend.write(parameter, chunk, offset);
        chunk.fill(-1);
      }
      expect(hostUploads()).toBe(1);
    } finally {
      uploads.mockRestore();
    }
    expect(await backend.read(parameter)).toEqual(Float32Array.from({ length: 100 }, (_, index) => index));
    backend.dispose(parameter);
  });

  it("keeps earlier values around out-of-order chunks and shows staged values to read and variable", async () => {
    const parameter = await backend.allocate([6]);
    await backend.fill(parameter, 7);
    await backend.write(parameter, new Float32Array([1, 2]), 3);
    expect(await backend.read(parameter)).toEqual(new Float32Array([7, 7, 7, 1, 2, 7]));
    await backend.write(parameter, new Float32Array([5]), 0);
    expect(Array.from(await parameter.variable.data())).toEqual([5, 7, 7, 1, 2, 7]);
    expect(await backend.read(parameter)).toEqual(new Float32Array([5, 7, 7, 1, 2, 7]));
    backend.dispose(parameter);
  });

  it("lets a later sample or fill replace pending chunks", async () => {
    const parameter = await backend.allocate([8]);
    await backend.write(parameter, new Float32Array([1, 2, 3]), 0);
    await backend.fill(parameter, 0.5);
    expect(await backend.read(parameter)).toEqual(new Float32Array(8).fill(0.5));
    await backend.write(parameter, new Float32Array([9]), 2);
    await backend.sample(parameter, { rule: { kind: "uniform", low: 10, high: 11 }, key: { seed: 0, path: "w" } });
    const values = await backend.read(parameter);
    expect(values.every((value) => value >= 10 && value < 11)).toBe(true);
    backend.dispose(parameter);
  });
});
