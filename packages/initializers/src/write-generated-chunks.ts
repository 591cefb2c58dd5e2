import type { Backend } from "./backend";
import type { RandomKey } from "./random-key";
import { sharedGeneratorPool } from "./parallel/generator-pool";
import { generateInParallel, MIN_ELEMENTS_PER_THREAD } from "./parallel/parallel-generate";
import { releaseScratch, takeScratch } from "./parallel/scratch-buffer";
import { loadAvailableParallelism, resolveThreadCount } from "./parallel/thread-count";
import { generateRuleValues, type RandomEngine } from "./random/generate-rule-values";
import type { GeneratedRule } from "./random/prepared-rule";

const DEFAULT_CHUNK_ELEMENTS = 65536;
// Host generation over threads for a backend without sample(): one whole write for parameters up to
// this size (a tfjs backend then uploads once, with no staging copy), bounded chunks beyond.
const DEFAULT_HOST_CHUNK_ELEMENTS = 1 << 24;

/** How {@link writeGeneratedChunks} generates: `writeRule`'s options, already checked. */
export interface GeneratedChunksOptions {
  /** @default 65536 under 512 Ki elements, else one write of up to 16 Mi elements */
  readonly chunkElements: number | undefined;
  readonly threads: number | undefined;
  readonly engine: RandomEngine | undefined;
}

/**
 * Host generation plus `write`, which copies what it is given (the conformance kit checks it): one
 * buffer for all chunks, so memory stays bounded by the chunk whatever the parameter size; each
 * write is awaited before the buffer is refilled. Above the threading threshold the buffer is the
 * scratch kept from the previous parameter (no first touch of fresh memory) and threads fill it.
 * Loaded by `writeRule` on first use, with the generator and the thread pool.
 * @example
 * await writeGeneratedChunks(backend, storage, 1 << 20, rule, key, { chunkElements: undefined, threads: 2, engine: undefined });
 */
export async function writeGeneratedChunks<Storage>(
  backend: Backend<Storage>,
  storage: Storage,
  count: number,
  rule: GeneratedRule,
  key: RandomKey,
  { chunkElements, threads: threadsOption, engine }: GeneratedChunksOptions,
): Promise<void> {
  const size = Math.min(chunkElements ?? (count < 2 * MIN_ELEMENTS_PER_THREAD ? DEFAULT_CHUNK_ELEMENTS : DEFAULT_HOST_CHUNK_ELEMENTS), count);
  if (size < 2 * MIN_ELEMENTS_PER_THREAD) {
    const buffer = new Float32Array(size);
    for (let start = 0; start < count; start += size) {
      const chunk = buffer.subarray(0, Math.min(size, count - start));
      generateRuleValues(rule, key, start, chunk, { engine });
      await backend.write!(storage, chunk, start);
    }
    return;
  }
  await loadAvailableParallelism();
  const threads = resolveThreadCount(threadsOption, "INITLIB_THREADS");
  const buffer = takeScratch(size, threads);
  try {
    for (let start = 0; start < count; start += size) {
      const chunk = buffer.subarray(0, Math.min(size, count - start));
      await generateInParallel(rule, key, start, chunk, { threads, pool: sharedGeneratorPool(), engine });
      await backend.write!(storage, chunk, start);
    }
  } finally {
    releaseScratch(buffer);
  }
}
