import { allocateForThreads } from "./parallel-generate";

/** The largest buffer kept between calls: 16 Mi elements (64 MiB). */
export const MAX_KEPT_ELEMENTS = 1 << 24;
/** A kept buffer is released after this long without use, so an idle process holds no scratch memory. */
export const SCRATCH_IDLE_MS = 1000;

let kept: Float32Array | undefined;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A buffer of at least `count` elements for host generation ahead of `Backend.write`, which copies
 * what it is given (the conformance kit checks it). The buffer of the previous call is reused when
 * large enough: its pages are already mapped, so generating into it costs no first touch, the
 * kernel's zeroing of fresh memory, which on a large model otherwise costs a third of the
 * generator's time. Fresh buffers are shared memory when threads fill them (a kept plain one still
 * works: workers then transfer their ranges). Return it with {@link releaseScratch};
 * a caller running meanwhile gets a buffer of its own.
 * @example
 * const buffer = takeScratch(1 << 20, 2);
 * try { ... } finally { releaseScratch(buffer); }
 */
export function takeScratch(count: number, threads: number): Float32Array {
  const candidate = kept;
  if (candidate !== undefined && candidate.length >= count) {
    kept = undefined;
    return candidate;
  }
  return allocateForThreads(count, threads);
}

/** Hands a buffer from {@link takeScratch} back; the larger of it and the kept one stays, for a while. */
export function releaseScratch(buffer: Float32Array): void {
  if (buffer.length > MAX_KEPT_ELEMENTS || (kept !== undefined && kept.length >= buffer.length)) return;
  kept = buffer;
  if (releaseTimer !== undefined) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(() => {
    kept = undefined;
    releaseTimer = undefined;
  }, SCRATCH_IDLE_MS);
  // Never keeps a Node process alive (browsers have no unref).
  (releaseTimer as { unref?: () => void }).unref?.();
}
