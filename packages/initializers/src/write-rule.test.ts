import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import type { Backend, SampleRequest } from "./backend";
import type { FillRule } from "./fill-rule";
import { createHostBackend } from "./host-backend";
import { generateRuleValues } from "./random/generate-rule-values";
import { writeRule } from "./write-rule";

interface Call {
  readonly operation: string;
  readonly offset?: number;
  readonly length?: number;
}

/** A backend over plain arrays that records its calls; `omit` removes methods. */
function recordingBackend(omit: readonly string[] = []) {
  const calls: Call[] = [];
  const backend: Backend<Float32Array> = {
    name: "recording",
    specVersion: 1,
    allocate: (shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)),
    write: (storage, values, offset) => {
      calls.push({ operation: "write", offset, length: values.length });
      storage.set(values, offset);
    },
    read: async (storage) => storage.slice(),
    fill: (storage, value) => {
      calls.push({ operation: "fill" });
      storage.fill(value);
    },
    dispose: () => {},
    sample: (storage: Float32Array, request: SampleRequest) => {
      calls.push({ operation: "sample" });
      generateRuleValues(request.rule, request.key, 0, storage);
    },
  };
  for (const name of omit) delete (backend as unknown as Record<string, unknown>)[name];
  return { backend, calls };
}

const key = { seed: 3, path: "layer.weight" };

async function rejectionCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (InitlibError.isInstance(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("writeRule", () => {
  it("uses sample for random rules when the backend has it", async () => {
    const { backend, calls } = recordingBackend();
    const storage = backend.allocate([10, 10]) as Float32Array;
    await writeRule(backend, storage, [10, 10], { kind: "uniform", low: -1, high: 1 }, key);
    expect(calls.map((call) => call.operation)).toEqual(["sample"]);
  });

  it("falls back to host generation in bounded chunks plus write, giving the same values", async () => {
    const { backend, calls } = recordingBackend(["sample"]);
    const storage = backend.allocate([1000]) as Float32Array;
    const rule: FillRule = { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 };
    await writeRule(backend, storage, [1000], rule, key, { chunkElements: 300 });
    expect(calls).toEqual([
      { operation: "write", offset: 0, length: 300 },
      { operation: "write", offset: 300, length: 300 },
      { operation: "write", offset: 600, length: 300 },
      { operation: "write", offset: 900, length: 100 },
    ]);
    const expected = new Float32Array(1000);
    generateRuleValues(rule, key, 0, expected);
    expect(storage).toEqual(expected);
  });

  it("fills constants with fill, or with chunked writes when fill is missing", async () => {
    const withFill = recordingBackend();
    const storage = withFill.backend.allocate([5]) as Float32Array;
    await writeRule(withFill.backend, storage, [5], { kind: "constant", value: 0.25 }, key);
    expect(withFill.calls.map((call) => call.operation)).toEqual(["fill"]);
    expect(Array.from(storage)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);

    const withoutFill = recordingBackend(["fill"]);
    const other = withoutFill.backend.allocate([5]) as Float32Array;
    await writeRule(withoutFill.backend, other, [5], { kind: "constant", value: 2 }, key, { chunkElements: 2 });
    expect(withoutFill.calls.map((call) => call.length)).toEqual([2, 2, 1]);
    expect(Array.from(other)).toEqual([2, 2, 2, 2, 2]);
  });

  it("loads values once, checks their length and writes them once", async () => {
    const { backend, calls } = recordingBackend();
    const storage = backend.allocate([2, 2]) as Float32Array;
    let loads = 0;
    const load = async () => {
      loads++;
      return Float32Array.of(1, 2, 3, 4);
    };
    await writeRule(backend, storage, [2, 2], { kind: "values", source: "ckpt:fc.weight", load }, key);
    expect(loads).toBe(1);
    expect(calls).toEqual([{ operation: "write", offset: 0, length: 4 }]);
    expect(Array.from(storage)).toEqual([1, 2, 3, 4]);

    const wrong = writeRule(backend, storage, [2, 2], { kind: "values", source: "ckpt:fc.weight", load: async () => new Float32Array(3) }, key);
    await expect(wrong).rejects.toMatchObject({ code: "INITLIB_BAD_SHAPE", path: "ckpt:fc.weight" });
  });

  it("names backend and operation when a needed method is missing", async () => {
    const { backend } = recordingBackend(["sample", "write"]);
    const promise = writeRule(backend, new Float32Array(4), [4], { kind: "normal", mean: 0, std: 1 }, key);
    await expect(promise).rejects.toMatchObject({ code: "INITLIB_MISSING_CAPABILITY" });
    await expect(promise).rejects.toThrow(/backend "recording" has no write\(\)/);

    const noFill = recordingBackend(["fill", "write"]);
    await expect(writeRule(noFill.backend, new Float32Array(4), [4], { kind: "constant", value: 1 }, key)).rejects.toThrow(
      /backend "recording" has no fill\(\)/,
    );
  });

  it("leaves zero-element parameters untouched, without loading", async () => {
    const { backend, calls } = recordingBackend();
    let loads = 0;
    const storage = new Float32Array(0);
    for (const rule of [
      { kind: "constant", value: 1 },
      { kind: "normal", mean: 0, std: 1 },
      { kind: "values", source: "x", load: async () => (loads++, new Float32Array(0)) },
    ] satisfies FillRule[]) {
      await writeRule(backend, storage, [0, 3], rule, key);
    }
    expect(calls).toEqual([]);
    expect(loads).toBe(0);
  });

  it("checks arguments before writing anything", async () => {
    const { backend, calls } = recordingBackend();
    const storage = new Float32Array(4);
    expect(await rejectionCode(writeRule(backend, storage, [4], { kind: "normal", mean: 0, std: -1 }, key))).toBe("INITLIB_BAD_ARGUMENT");
    expect(await rejectionCode(writeRule(backend, storage, [4], { kind: "uniform", low: 1, high: 0 }, key))).toBe("INITLIB_BAD_ARGUMENT");
    expect(await rejectionCode(writeRule(backend, storage, [4], { kind: "normal", mean: 0, std: 1 }, { seed: -1, path: "w" }))).toBe(
      "INITLIB_BAD_ARGUMENT",
    );
    expect(await rejectionCode(writeRule(backend, storage, [2, -2], { kind: "constant", value: 0 }, key))).toBe("INITLIB_BAD_SHAPE");
    expect(await rejectionCode(writeRule(backend, storage, [4], { kind: "constant", value: 0 }, key, { chunkElements: 0 }))).toBe(
      "INITLIB_BAD_ARGUMENT",
    );
    expect(calls).toEqual([]);
  });

  it("works end to end on the host backend", async () => {
    const host = createHostBackend();
    const storage = host.allocate([3, 5]);
    await writeRule(host, storage, [3, 5], { kind: "uniform", low: 2, high: 3 }, key);
    for (const value of await host.read(storage)) {
      expect(value).toBeGreaterThanOrEqual(2);
      expect(value).toBeLessThan(3);
    }
  });
});
