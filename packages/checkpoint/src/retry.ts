import { CheckpointError } from "./checkpoint-error";

/** How failed requests are tried again. */
export interface RetryOptions {
  /** Further attempts after a failure that may be passing (a 5xx, a network error, a timeout, a cut-off body). @default 2 */
  readonly retries?: number;
  /** Milliseconds before the first retry; each later one waits twice as long as the one before. @default 500 */
  readonly retryDelayMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Whether `error` may pass on a second try: a network failure, a timeout, a body cut short, an
 * HTTP 5xx, 408 or 429. A 4xx, a refused redirect, a hash mismatch, a hostile file or an abort by
 * the caller never is: retrying those would only repeat them.
 */
export function isRetryable(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted || !CheckpointError.isInstance(error)) return false;
  if (error.code === "CHECKPOINT_NETWORK" || error.code === "CHECKPOINT_TIMEOUT" || error.code === "CHECKPOINT_TRUNCATED") return true;
  if (error.code !== "CHECKPOINT_HTTP" || typeof error.received !== "number") return false;
  return error.received >= 500 || error.received === 408 || error.received === 429;
}

/**
 * Runs `attempt`, and again after a growing pause while it fails with a {@link isRetryable} error,
 * at most `retries` more times; the last error is thrown as it is. An abort stops the wait.
 * @example
 * const bytes = await withRetries(() => download(url), { retries: 2, retryDelayMs: 500 });
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 2;
  if (!Number.isSafeInteger(retries) || retries < 0) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "retries must be a non-negative integer", { received: retries });
  }
  let delay = options.retryDelayMs ?? 500;
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= retries || !isRetryable(error, options.signal)) throw error;
    }
    await pause(delay, options.signal);
    delay *= 2;
  }
}

function pause(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CheckpointError("CHECKPOINT_NETWORK", "the download was aborted", { cause: signal?.reason, hint: "nothing was kept in the cache" }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}
