import type { RandomKey } from "../random-key";
import { generateRuleValues, resolveRandomEngine, type RandomEngine } from "../random/generate-rule-values";
import { prepareRule, type GeneratedRule } from "../random/prepared-rule";
import { randomKeyWords } from "../random/random-key-words";
import { generateWithWebAssembly, webAssemblyCallOf, webAssemblyHandles } from "../random/webassembly-generator";
import type { GeneratorPool } from "./generator-pool";
import { loadAvailableParallelism } from "./thread-count";

/**
 * Fewest elements per thread: below this a range costs less on the calling thread than a message
 * round trip to a worker (about 0.25 ms of generation at 1 G values/s), so small tensors never
 * leave the calling thread.
 */
export const MIN_ELEMENTS_PER_THREAD = 1 << 18;

// Ranges start on multiples of 16 elements (4 Philox blocks): no block is computed twice.
const RANGE_ALIGNMENT = 16;

const SharedBuffer = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;

/** Options of {@link generateInParallel}. */
export interface ParallelGenerateOptions {
  /** Threads in all, the calling thread included (checked by the caller). */
  readonly threads: number;
  readonly pool: GeneratorPool;
  readonly engine?: RandomEngine;
}

/** Whether `array` lives in shared memory that workers can write into directly. */
export function isShared(array: Float32Array): boolean {
  return SharedBuffer !== undefined && array.buffer instanceof SharedBuffer;
}

/**
 * A fresh zeroed `Float32Array` of `count` elements, in shared memory when the runtime offers it
 * (Node; browsers when cross-origin isolated) and `threads > 1`, so workers fill it in place.
 * @example
 * const values = allocateForThreads(1 << 20, 2);
 */
export function allocateForThreads(count: number, threads: number): Float32Array {
  const crossOriginIsolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (threads > 1 && count >= 2 * MIN_ELEMENTS_PER_THREAD && SharedBuffer !== undefined && crossOriginIsolated !== false) {
    return new Float32Array(new SharedBuffer(count * Float32Array.BYTES_PER_ELEMENT));
  }
  return new Float32Array(count);
}

/** Splits `count` elements into at most `parts` aligned ranges of at least the minimum size. */
function splitRanges(count: number, parts: number): { start: number; count: number }[] {
  const wanted = Math.max(1, Math.min(parts, Math.floor(count / MIN_ELEMENTS_PER_THREAD)));
  const size = Math.ceil(count / wanted / RANGE_ALIGNMENT) * RANGE_ALIGNMENT;
  const ranges: { start: number; count: number }[] = [];
  for (let start = 0; start < count; start += size) ranges.push({ start, count: Math.min(size, count - start) });
  return ranges;
}

/**
 * Fills `out` with elements `[start, start + out.length)` of the parameter `rule` and `key` describe
 * (docs/rng.md), spread over up to `threads` threads: the calling thread takes the first range,
 * pooled workers the others. The values are those of {@link generateRuleValues} bit for bit, whatever
 * the thread count: the counter-based generator makes each element depend only on (seed, path,
 * index). Workers write in place when `out` is in shared memory, else their ranges are transferred
 * back and copied. Small outputs, the pure-JS engine, far-tail truncations and runtimes without
 * worker threads stay on the calling thread.
 * @throws InitlibError as {@link generateRuleValues}; `INITLIB_BACKEND_FAILURE` when a worker fails.
 * @example
 * await generateInParallel({ kind: "normal", mean: 0, std: 1 }, key, 0, out, { threads: 4, pool });
 */
export async function generateInParallel(
  rule: GeneratedRule,
  key: RandomKey,
  start: number,
  out: Float32Array,
  options: ParallelGenerateOptions,
): Promise<void> {
  const prepared = prepareRule(rule);
  const engine = resolveRandomEngine(options.engine);
  const calling = (): void => generateRuleValues(rule, key, start, out, { engine: options.engine });
  if (options.threads <= 1 || out.length < 2 * MIN_ELEMENTS_PER_THREAD || prepared.kind === "constant" || engine !== "webassembly" || !webAssemblyHandles(prepared)) {
    return calling();
  }
  // Checks start, out and the key before any worker is involved.
  generateRuleValues(rule, key, start, out.subarray(0, 0), { engine: options.engine });
  await loadAvailableParallelism();
  const ranges = splitRanges(out.length, options.threads);
  const workers = await options.pool.acquire(ranges.length - 1);
  if (workers.length === 0) return calling();
  const used = splitRanges(out.length, workers.length + 1);
  const words = randomKeyWords(key);
  const call = webAssemblyCallOf(prepared);
  const shared = isShared(out);
  const jobs = used.slice(1).map((range, index) =>
    options.pool.run(workers[index]!, {
      operation: call.operation,
      parameters: call.parameters,
      words: [words.key0, words.key1, words.path0, words.path1],
      start: start + range.start,
      count: range.count,
      target: shared ? (out.buffer as SharedArrayBuffer) : null,
      byteOffset: out.byteOffset + range.start * Float32Array.BYTES_PER_ELEMENT,
    }),
  );
  let callingError: unknown;
  try {
    generateWithWebAssembly(prepared, words, start, out.subarray(0, used[0]!.count));
  } catch (error) {
    callingError = error;
  }
  // Every worker finishes (or fails) before this returns: none writes into `out` afterwards.
  const results = await Promise.allSettled(jobs);
  if (callingError !== undefined) throw callingError;
  for (const [index, result] of results.entries()) {
    if (result.status === "rejected") throw result.reason;
    if (result.value !== undefined) out.set(result.value, used[index + 1]!.start);
  }
}
