import { CheckpointError } from "./checkpoint-error";

/** Limits and callbacks of {@link readBody}. */
export interface ReadBodyOptions {
  /** Most bytes accepted; a larger `Content-Length` or body is `CHECKPOINT_TOO_LARGE`. */
  readonly maxBytes: number;
  /** Milliseconds allowed between two chunks. @default 60000 */
  readonly idleTimeoutMs?: number;
  /** `Date.now()` value after which the read fails with `CHECKPOINT_TIMEOUT`. */
  readonly deadline?: number;
  /** Called as bytes arrive (`total` from Content-Length when the response has one). */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  readonly signal?: AbortSignal;
}

/**
 * The whole body of a fetch `Response`, checked as it streams: no more than `maxBytes`, no pause
 * longer than the idle timeout, done before the deadline, and exactly `Content-Length` bytes when
 * the response declares one (a body that ends early or runs on is `CHECKPOINT_TRUNCATED`). A
 * stream that fails (a connection cut, a lying length caught by the runtime) is a coded error,
 * never a bare `TypeError`. `name` (already redacted) is the file named in errors.
 * @example
 * const bytes = await readBody(response, "https://host/w.safetensors", { maxBytes: 2 ** 30 });
 */
export async function readBody(response: Response, name: string, options: ReadBodyOptions): Promise<Uint8Array> {
  const { maxBytes } = options;
  const header = response.headers.get("content-length");
  const declared = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new CheckpointError("CHECKPOINT_TOO_LARGE", `the server announces ${declared} bytes`, { file: name, expected: `at most ${maxBytes} bytes (maxBytes)` });
  }
  const truncated = (received: number, cause?: unknown) =>
    new CheckpointError("CHECKPOINT_TRUNCATED", `the body ended after ${received} of ${declared ?? "?"} bytes`, {
      file: name,
      received,
      expected: declared === undefined ? "a complete body" : `${declared} bytes (Content-Length)`,
      hint: "the connection was interrupted or the server sent a wrong Content-Length; try again",
      cause,
    });
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await nextChunk(reader, name, options);
      if (done) break;
      received += value.length;
      if (received > maxBytes) throw new CheckpointError("CHECKPOINT_TOO_LARGE", `the body exceeds ${maxBytes} bytes`, { file: name, expected: `at most ${maxBytes} bytes (maxBytes)` });
      if (declared !== undefined && received > declared) throw truncated(received);
      chunks.push(value);
      options.onProgress?.(received, declared);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (CheckpointError.isInstance(error)) throw error;
    throw truncated(received, error);
  }
  if (declared !== undefined && received !== declared) throw truncated(received);
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The next chunk of `reader`, or a `CHECKPOINT_TIMEOUT` / abort error when none comes in time. */
async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, name: string, options: ReadBodyOptions): Promise<Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]>>> {
  const idle = options.idleTimeoutMs ?? 60_000;
  const left = options.deadline === undefined ? idle : Math.min(idle, options.deadline - Date.now());
  const total = options.deadline !== undefined && options.deadline - Date.now() < idle;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckpointError("CHECKPOINT_TIMEOUT", total ? "the download exceeded its total time limit" : `no data for ${idle} ms`, {
            file: name,
            hint: total ? "raise totalTimeoutMs for very large files" : "check the network, or raise idleTimeoutMs",
          }),
        ),
      Math.max(0, left),
    );
    onAbort = () => reject(new CheckpointError("CHECKPOINT_NETWORK", "the download was aborted", { file: name, cause: options.signal?.reason, hint: "nothing was kept in the cache" }));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([reader.read(), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  }
}
