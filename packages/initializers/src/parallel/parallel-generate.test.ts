import { afterAll, describe, expect, it } from "vitest";
import type { FillRule } from "../fill-rule";
import { createHostBackend } from "../host-backend";
import { generateRuleValues } from "../random/generate-rule-values";
import type { GeneratedRule } from "../random/prepared-rule";
import { kaimingRule } from "../rules/kaiming-rule";
import { truncNormalRule } from "../rules/trunc-normal-rule";
import { xavierRule } from "../rules/xavier-rule";
import { writeRule } from "../write-rule";
import { GeneratorPool } from "./generator-pool";
import { allocateForThreads, generateInParallel, isShared, MIN_ELEMENTS_PER_THREAD } from "./parallel-generate";

type RandomRule = Extract<GeneratedRule, { kind: "uniform" | "normal" | "truncNormal" }>;

// Seven workers get ranges of the minimum size, plus an unaligned remainder.
const COUNT = 8 * MIN_ELEMENTS_PER_THREAD + 37;
const shape = [COUNT];
const key = { seed: 1234, path: "encoder.layers.3.fc.weight" };
const pool = new GeneratorPool();
afterAll(() => pool.close());

const rules: [string, RandomRule][] = [
  ["uniform", { kind: "uniform", low: -0.25, high: 0.75 }],
  ["normal", { kind: "normal", mean: 0.5, std: 2 }],
  ["truncated normal", { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 }],
  ["kaiming uniform", kaimingRule({ shape: [1024, 512, 3, 3] }, { a: 0, mode: "fan_in", nonlinearity: "relu", distribution: "uniform" }) as RandomRule],
  ["kaiming normal", kaimingRule({ shape: [1024, 512, 3, 3] }, { a: 0, mode: "fan_out", nonlinearity: "relu", distribution: "normal" }) as RandomRule],
  ["xavier uniform", xavierRule({ shape: [4096, 4096] }, 1, "uniform") as RandomRule],
  ["trunc_normal_ in std units", truncNormalRule({ mean: 0, std: 0.02, a: -2, b: 2, boundsIn: "std" }).rule],
];

/** The reference: the whole range on the calling thread. */
function reference(rule: RandomRule, start: number, count: number): Float32Array {
  const values = new Float32Array(count);
  generateRuleValues(rule, key, start, values);
  return values;
}

/** Index of the first element whose bits differ, or -1. */
function firstDifference(actual: Float32Array, expected: Float32Array): number {
  const left = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const right = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  if (left.length !== right.length) return Math.min(left.length, right.length);
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return i;
  return -1;
}

describe("generateInParallel: the same bits with any number of workers", () => {
  for (const [name, rule] of rules) {
    it(`${name}: 1, 2 and 7 workers, shared memory and transfer`, async () => {
      const expected = reference(rule, 0, COUNT);
      for (const workers of [1, 2, 7]) {
        const shared = allocateForThreads(COUNT, workers + 1);
        expect(isShared(shared)).toBe(true);
        await generateInParallel(rule, key, 0, shared, { threads: workers + 1, pool });
        expect(firstDifference(shared, expected), `${workers} workers, shared memory`).toBe(-1);
        const transferred = new Float32Array(COUNT);
        await generateInParallel(rule, key, 0, transferred, { threads: workers + 1, pool });
        expect(firstDifference(transferred, expected), `${workers} workers, transfer`).toBe(-1);
      }
      expect(pool.size).toBe(7);
    });
  }

  it("an unaligned start across the 2^32-block boundary of the counter, into a view at an offset", async () => {
    const rule: RandomRule = { kind: "normal", mean: 0, std: 1 };
    const start = 4 * 2 ** 32 - 3 * MIN_ELEMENTS_PER_THREAD - 3;
    const expected = reference(rule, start, COUNT);
    const backing = allocateForThreads(COUNT + 5, 8);
    const view = backing.subarray(5);
    await generateInParallel(rule, key, start, view, { threads: 8, pool });
    expect(firstDifference(view, expected)).toBe(-1);
    expect(Array.from(backing.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it("small outputs, the pure-JS engine and constants stay on the calling thread", async () => {
    const idle = new GeneratorPool();
    const small = new Float32Array(2 * MIN_ELEMENTS_PER_THREAD - 1);
    await generateInParallel({ kind: "uniform", low: 0, high: 1 }, key, 0, small, { threads: 8, pool: idle });
    const javascript = new Float32Array(COUNT);
    await generateInParallel({ kind: "uniform", low: 0, high: 1 }, key, 0, javascript, { threads: 8, pool: idle, engine: "javascript" });
    expect(idle.size).toBe(0);
    expect(firstDifference(small, reference({ kind: "uniform", low: 0, high: 1 }, 0, small.length))).toBe(-1);
    expect(firstDifference(javascript, reference({ kind: "uniform", low: 0, high: 1 }, 0, COUNT))).toBe(-1);
  });

  it("checks the rule, key and start before any worker starts", async () => {
    const idle = new GeneratorPool();
    const out = new Float32Array(COUNT);
    await expect(generateInParallel({ kind: "normal", mean: 0, std: -1 }, key, 0, out, { threads: 4, pool: idle })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT" });
    await expect(generateInParallel({ kind: "normal", mean: 0, std: 1 }, { seed: -1, path: "w" }, 0, out, { threads: 4, pool: idle })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT" });
    await expect(generateInParallel({ kind: "normal", mean: 0, std: 1 }, key, 0.5, out, { threads: 4, pool: idle })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT" });
    expect(idle.size).toBe(0);
  });
});

describe("GeneratorPool", () => {
  it("starts workers lazily, reuses them, and starts again after close", async () => {
    const own = new GeneratorPool();
    expect(own.size).toBe(0);
    const rule: RandomRule = { kind: "uniform", low: 0, high: 1 };
    const out = allocateForThreads(COUNT, 3);
    await generateInParallel(rule, key, 0, out, { threads: 3, pool: own });
    const first = await own.acquire(2);
    await generateInParallel(rule, key, 0, out, { threads: 3, pool: own });
    expect(await own.acquire(2)).toEqual(first);
    own.close();
    expect(own.size).toBe(0);
    out.fill(0);
    await generateInParallel(rule, key, 0, out, { threads: 3, pool: own });
    expect(own.size).toBe(2);
    expect(firstDifference(out, reference(rule, 0, COUNT))).toBe(-1);
    own.close();
  });

  it("a job in flight when the pool closes rejects with INITLIB_BACKEND_FAILURE", async () => {
    const own = new GeneratorPool();
    const out = allocateForThreads(COUNT, 2);
    const running = generateInParallel({ kind: "normal", mean: 0, std: 1 }, key, 0, out, { threads: 2, pool: own });
    // The pool starts its worker asynchronously; close it as soon as the job was handed over.
    while (own.size === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    own.close();
    const outcome = await running.then(
      () => "finished",
      (error: { code?: string }) => error.code,
    );
    // The worker may have finished its range before the close reached it.
    expect(["finished", "INITLIB_BACKEND_FAILURE"]).toContain(outcome);
  });
});

describe("parallel host backend and writeRule", () => {
  const rule: FillRule = { kind: "truncNormal", mean: 0, std: 0.02, low: -0.04, high: 0.04 };
  const expected = reference(rule, 0, COUNT);

  it("host.sample gives the same bits with 1, 2 and 7 workers", async () => {
    for (const threads of [1, 2, 3, 8]) {
      const host = createHostBackend({ threads });
      const storage = host.allocate(shape);
      await host.sample(storage, { rule, key });
      expect(firstDifference(storage, expected), `${threads} threads`).toBe(-1);
      host.close();
    }
  });

  it("writeRule on a backend without sample writes the same bits with any thread count, in one write", async () => {
    for (const threads of [1, 2, 8]) {
      const host = createHostBackend();
      const storage = host.allocate(shape);
      const writes: [number, number][] = [];
      const withoutSample = {
        ...host,
        sample: undefined,
        write: (target: Float32Array, values: Float32Array, offset: number) => {
          writes.push([offset, values.length]);
          host.write(target, values, offset);
        },
      };
      await writeRule(withoutSample, storage, shape, rule, key, { threads });
      expect(firstDifference(storage, expected), `${threads} threads`).toBe(-1);
      expect(writes).toEqual([[0, COUNT]]);
      writes.length = 0;
      storage.fill(0);
      await writeRule(withoutSample, storage, shape, rule, key, { threads, chunkElements: 5 * MIN_ELEMENTS_PER_THREAD });
      expect(firstDifference(storage, expected), `${threads} threads in chunks`).toBe(-1);
      expect(writes).toEqual([
        [0, 5 * MIN_ELEMENTS_PER_THREAD],
        [5 * MIN_ELEMENTS_PER_THREAD, COUNT - 5 * MIN_ELEMENTS_PER_THREAD],
      ]);
    }
  });

  it("rejects a bad thread count with INITLIB_BAD_ARGUMENT naming the option", async () => {
    for (const threads of [0, 1.5, -2, 257, Number.NaN]) {
      expect(() => createHostBackend({ threads })).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT", path: "options.threads" }));
    }
    const host = createHostBackend();
    await expect(writeRule(host, host.allocate([4]), [4], rule, key, { threads: 0 })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "options.threads" });
  });
});
