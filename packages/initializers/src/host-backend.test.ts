import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createHostBackend, elementCountOfShape } from "./host-backend";
import { generateRuleValues } from "./random/generate-rule-values";

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (InitlibError.isInstance(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("createHostBackend", () => {
  it("declares its name and spec version", () => {
    const host = createHostBackend();
    expect(host.name).toBe("host");
    expect(host.specVersion).toBe(1);
  });

  it("allocates row-major Float32Arrays of the shape's size, scalars and empty shapes included", () => {
    const host = createHostBackend();
    expect(host.allocate([2, 3, 4])).toHaveLength(24);
    expect(host.allocate([])).toHaveLength(1);
    expect(host.allocate([5, 0, 2])).toHaveLength(0);
  });

  it.each([[[2, -1]], [[2.5]], [[Number.NaN]], [["3"]], ["3"]])("rejects the shape %j with INITLIB_BAD_SHAPE", (shape) => {
    expect(codeOf(() => createHostBackend().allocate(shape as number[]))).toBe("INITLIB_BAD_SHAPE");
  });

  it("writes at offsets, reads copies and fills", async () => {
    const host = createHostBackend();
    const storage = host.allocate([2, 3]);
    host.write(storage, Float32Array.of(1, 2), 4);
    const first = await host.read(storage);
    expect(Array.from(first)).toEqual([0, 0, 0, 0, 1, 2]);
    first[0] = 9;
    expect((await host.read(storage))[0]).toBe(0);
    host.fill(storage, 0.1);
    expect(Array.from(await host.read(storage))).toEqual(new Array(6).fill(Math.fround(0.1)));
  });

  it("rejects writes outside the parameter and non-Float32Array values", () => {
    const host = createHostBackend();
    const storage = host.allocate([4]);
    expect(codeOf(() => host.write(storage, new Float32Array(2), 3))).toBe("INITLIB_BAD_SHAPE");
    expect(codeOf(() => host.write(storage, new Float32Array(5), 0))).toBe("INITLIB_BAD_SHAPE");
    expect(codeOf(() => host.write(storage, new Float32Array(1), -1))).toBe("INITLIB_BAD_SHAPE");
    expect(codeOf(() => host.write(storage, new Float32Array(1), 0.5))).toBe("INITLIB_BAD_SHAPE");
    expect(codeOf(() => host.write(storage, [1] as unknown as Float32Array, 0))).toBe("INITLIB_BAD_ARGUMENT");
  });

  it("rejects storage it did not allocate", () => {
    const host = createHostBackend();
    const other = createHostBackend().allocate([3]);
    expect(codeOf(() => host.fill(other, 1))).toBe("INITLIB_BAD_ARGUMENT");
    expect(codeOf(() => host.fill(new Float32Array(3), 1))).toBe("INITLIB_BAD_ARGUMENT");
  });

  it("fails with INITLIB_DISPOSED after dispose, and a second dispose is harmless", async () => {
    const host = createHostBackend();
    const storage = host.allocate([3]);
    host.dispose(storage);
    host.dispose(storage);
    expect(codeOf(() => host.fill(storage, 1))).toBe("INITLIB_DISPOSED");
    expect(codeOf(() => host.write(storage, new Float32Array(1), 0))).toBe("INITLIB_DISPOSED");
    await expect(host.read(storage)).rejects.toMatchObject({ code: "INITLIB_DISPOSED" });
    expect(codeOf(() => host.sample(storage, { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 0, path: "w" } }))).toBe(
      "INITLIB_DISPOSED",
    );
  });

  it("samples in place exactly what generateRuleValues gives, with either engine", async () => {
    const rule = { kind: "normal", mean: 1, std: 2 } as const;
    const key = { seed: 7, path: "fc.weight" };
    const expected = new Float32Array(1001);
    generateRuleValues(rule, key, 0, expected, { engine: "javascript" });
    for (const engine of ["javascript", "auto"] as const) {
      const host = createHostBackend({ engine });
      const storage = host.allocate([7, 11, 13]);
      host.sample(storage, { rule, key });
      const values = await host.read(storage);
      for (let i = 0; i < values.length; i++) expect(values[i]).toBeCloseTo(expected[i]!, 5);
    }
  });
});

describe("elementCountOfShape", () => {
  it("multiplies dimensions", () => {
    expect(elementCountOfShape([64, 3, 7, 7])).toBe(9408);
    expect(elementCountOfShape([])).toBe(1);
  });
});
