import { createTfjsCpuBackend } from "@initlib/backend-tfjs";
import { createHostBackend, type FillRule, generateRuleValues, type RandomKey } from "@initlib/initializers";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { generateParameterSlice, type ParameterSlice, sliceRuns, sliceShape, writeParameterSlice } from "./parameter-slice";

const key: RandomKey = { seed: 11, path: "mlp.fc1.weight" };
const rules: FillRule[] = [
  { kind: "normal", mean: 0, std: 0.02 },
  { kind: "uniform", low: -0.1, high: 0.3 },
  { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
  { kind: "constant", value: 0.25 },
];

function full(rule: FillRule, shape: readonly number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  generateRuleValues(rule as Exclude<FillRule, { kind: "values" }>, key, 0, out);
  return out;
}

/** The slice cut out of the full tensor by plain indexing (the reference). */
function cut(values: Float32Array, shape: readonly number[], slice: ParameterSlice): Float32Array {
  const result: number[] = [];
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  for (let row = 0; row < shape[0]!; row++) {
    for (let column = 0; column < (shape[1] ?? 1); column++) {
      const inRange = slice.dim === 0 ? row >= slice.start && row < slice.end : column >= slice.start && column < slice.end;
      if (!inRange) continue;
      const base = (row * (shape[1] ?? 1) + column) * inner;
      for (let element = 0; element < inner; element++) result.push(values[base + element]!);
    }
  }
  return Float32Array.from(result);
}

const cases: [readonly number[], ParameterSlice][] = [
  [[96, 40], { dim: 0, start: 24, end: 48 }],
  [[96, 40], { dim: 1, start: 10, end: 30 }],
  [[16, 8, 3, 3], { dim: 0, start: 4, end: 12 }],
  [[16, 8, 3, 3], { dim: 1, start: 2, end: 6 }],
  [[7, 5], { dim: 1, start: 3, end: 3 }],
];

describe("tensor-parallel slices", () => {
  it.each(cases)("shape %j, %j: exactly that slice of the full init, for every rule", async (shape, slice) => {
    for (const rule of rules) expect(await generateParameterSlice(rule, key, shape, slice)).toEqual(cut(full(rule, shape), shape, slice));
  });

  it("slices a values rule (Pretrained, Orthogonal) out of the loaded tensor", async () => {
    const loaded = Float32Array.from({ length: 12 }, (_, index) => index);
    const rule: FillRule = { kind: "values", source: "test", load: async () => loaded };
    expect(await generateParameterSlice(rule, key, [3, 4], { dim: 1, start: 1, end: 3 })).toEqual(Float32Array.from([1, 2, 5, 6, 9, 10]));
  });

  it("writes the slice through the backend contract: the host backend and tfjs cpu hold the same bits", async () => {
    tf.env().set("PROD", true);
    const shape = [64, 48];
    for (const slice of [{ dim: 0, start: 16, end: 32 }, { dim: 1, start: 12, end: 24 }] as const) {
      const expected = cut(full(rules[0]!, shape), shape, slice);
      const host = createHostBackend();
      expect(await host.read(await writeParameterSlice(host, shape, rules[0]!, key, slice))).toEqual(expected);
      const cpu = await createTfjsCpuBackend();
      const storage = await writeParameterSlice(cpu, shape, rules[0]!, key, slice);
      expect(await cpu.read(storage)).toEqual(expected);
      await cpu.dispose(storage);
    }
  });

  it("lists the runs of flat indices a slice reads", () => {
    expect([...sliceRuns([2, 4], { dim: 1, start: 1, end: 3 })]).toEqual([
      { start: 1, length: 2 },
      { start: 5, length: 2 },
    ]);
    expect([...sliceRuns([2, 4])]).toEqual([{ start: 0, length: 8 }]);
    expect([...sliceRuns([0, 4])]).toEqual([]);
  });

  it("refuses a dim the tensor lacks and a range outside it with INITLIB_BAD_SHAPE", () => {
    expect(() => sliceShape([10], { dim: 1, start: 0, end: 1 })).toThrow(expect.objectContaining({ code: "INITLIB_BAD_SHAPE" }));
    expect(() => sliceShape([10, 4], { dim: 0, start: 5, end: 11 })).toThrow(/outside dim 0 of size 10/);
    expect(() => sliceShape([10, 4], { dim: 0, start: 3, end: 2 })).toThrow(/outside/);
    expect(() => sliceShape([10, 4], { dim: 2 as 0, start: 0, end: 1 })).toThrow(/dim 2/);
  });
});
