import { createHostBackend } from "@initlib/initializers";
import { BaseModule, Linear, type ModuleInitCfg } from "@initlib/core";
import { describe, expect, it } from "vitest";
import { withOutputReads } from "./output-reads";

class Stack extends BaseModule {
  static override readonly typeName = "Stack";
  first = new Linear({ inFeatures: 8, outFeatures: 4 });
  second = new Linear({ inFeatures: 4, outFeatures: 2 });
  constructor(initCfg: ModuleInitCfg) {
    super(initCfg);
  }
}

describe("withOutputReads", () => {
  it("copies on read until startOutputReads, then hands out the storage itself", async () => {
    const { backend, startOutputReads } = withOutputReads(createHostBackend({ threads: 1 }));
    const storage = backend.allocate([2, 3]) as Float32Array;
    backend.write(storage, Float32Array.of(1, 2, 3, 4, 5, 6), 0);
    const copy = await backend.read(storage);
    expect(copy).not.toBe(storage);
    expect([...copy]).toEqual([1, 2, 3, 4, 5, 6]);
    copy[0] = 99; // a copy: the storage keeps its value
    expect((await backend.read(storage))[0]).toBe(1);
    startOutputReads();
    expect(await backend.read(storage)).toBe(storage);
  });

  it("keeps the host backend's checks on storage it did not allocate while copying", async () => {
    const { backend } = withOutputReads(createHostBackend({ threads: 1 }));
    await expect(backend.read(new Float32Array(4))).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT" });
  });

  it("gives the same values as the plain host backend, bit for bit, before and after", async () => {
    const initCfg: ModuleInitCfg = { type: "Normal", layer: "Linear", std: 0.02 };
    const plain = new Stack(initCfg);
    await plain.initWeights({ backend: createHostBackend({ threads: 1 }), seed: 3 });
    const wrapped = new Stack(initCfg);
    const { backend, startOutputReads } = withOutputReads(createHostBackend({ threads: 1 }));
    await wrapped.initWeights({ backend, seed: 3 });
    const expected = await Promise.all(plain.namedParameters().map(([, parameter]) => parameter.read()));
    const copied = await Promise.all(wrapped.namedParameters().map(([, parameter]) => parameter.read()));
    startOutputReads();
    const direct = await Promise.all(wrapped.namedParameters().map(([, parameter]) => parameter.read()));
    expect(copied.map((values) => [...new Uint32Array(values.buffer, values.byteOffset, values.length)])).toEqual(
      expected.map((values) => [...new Uint32Array(values.buffer, values.byteOffset, values.length)]),
    );
    expect(direct.map((values) => [...values])).toEqual(expected.map((values) => [...values]));
    expect(backend.name).toBe("host");
  });
});
