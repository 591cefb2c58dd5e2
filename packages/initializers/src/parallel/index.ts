export { closeHostThreads, GeneratorPool, sharedGeneratorPool } from "./generator-pool";
export type { GeneratorJob } from "./generator-pool";
export { allocateForThreads, generateInParallel, isShared, MIN_ELEMENTS_PER_THREAD } from "./parallel-generate";
export type { ParallelGenerateOptions } from "./parallel-generate";
export { defaultThreadCount, loadAvailableParallelism, MAX_THREADS, resolveThreadCount } from "./thread-count";
