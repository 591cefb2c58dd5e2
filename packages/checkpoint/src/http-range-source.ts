import type { ByteSource } from "./byte-source";
import { checkRange } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { fetchWithRedirects, httpStatusError, type HttpRequestOptions } from "./http-request";
import { readBody } from "./read-body";
import { redactUrl } from "./redact-url";
import { withRetries, type RetryOptions } from "./retry";

/** Options of {@link openHttpRangeSource}. */
export interface RangeSourceOptions extends HttpRequestOptions, RetryOptions {
  /** Milliseconds allowed between two chunks of a range's body. @default 60000 */
  readonly idleTimeoutMs?: number;
  /** Called after each range arrives: bytes fetched so far, and the file's size. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/**
 * A remote file read by HTTP Range requests: the first request (`bytes=0-0`) learns the size from
 * `Content-Range`; each `read` then fetches exactly the bytes asked for. Resolves to `undefined`
 * when the server does not honour ranges (it answers 200 with the whole body, which is not read,
 * or a 206 without a readable `Content-Range: bytes 0-0/<size>`),
 * so the caller can fall back to a full download. A later reply that ignores the range or returns
 * a different length is a coded error, never silently used; a range whose request fails in a
 * passing way (5xx, network, cut short) is asked again, at most `retries` times.
 * @example
 * const source = await openHttpRangeSource(new URL("https://host/model.safetensors"));
 * if (source) await readSafetensors(source); // reads the header, then only the tensors asked for
 */
export async function openHttpRangeSource(url: URL, options: RangeSourceOptions = {}): Promise<ByteSource | undefined> {
  const name = redactUrl(url);
  const probe = await fetchWithRedirects(url, { ...options, headers: { ...options.headers, range: "bytes=0-0" } });
  if (probe.response.status === 200) {
    await probe.response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (probe.response.status !== 206) {
    await probe.response.body?.cancel().catch(() => undefined);
    throw httpStatusError(probe.response, url);
  }
  await readBody(probe.response, name, { maxBytes: 1 });
  const total = /^bytes 0-0\/(\d+)$/.exec(probe.response.headers.get("content-range") ?? "")?.[1];
  // Without a readable Content-Range (a browser hides it unless the server exposes it to CORS, or
  // the server answered another range) the size is unknown: the caller downloads the whole file.
  if (total === undefined) return undefined;
  const size = Number(total);
  let closed = false;
  let fetched = 0;
  const fetchRange = async (offset: number, length: number): Promise<Uint8Array> => {
    const { response } = await fetchWithRedirects(url, { ...options, headers: { ...options.headers, range: `bytes=${offset}-${offset + length - 1}` } });
    if (response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 200) {
        throw new CheckpointError("CHECKPOINT_HTTP", "the server ignored a byte range it had honoured before", {
          file: name,
          received: "HTTP 200 (the whole file)",
          expected: `HTTP 206 with bytes ${offset}-${offset + length - 1}`,
          hint: "the server or a proxy in between changed; try again, or download the whole file (rangeRequests: false)",
        });
      }
      throw httpStatusError(response, url);
    }
    const expectedRange = `bytes ${offset}-${offset + length - 1}/${size}`;
    if (response.headers.get("content-range") !== expectedRange) {
      await response.body?.cancel().catch(() => undefined);
      throw new CheckpointError("CHECKPOINT_HTTP", "the server answered a different byte range than asked for", {
        file: name,
        received: response.headers.get("content-range"),
        expected: expectedRange,
        hint: "the server or a proxy in between mangles Range requests; download the whole file (rangeRequests: false)",
      });
    }
    const bytes = await readBody(response, name, { maxBytes: length, ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }), ...(options.signal ? { signal: options.signal } : {}) });
    if (bytes.length !== length) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", `the range ended after ${bytes.length} of ${length} bytes`, { file: name, hint: "the connection was interrupted; try again" });
    }
    return bytes;
  };
  return {
    name,
    size,
    async read(offset, length, into) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: name });
      checkRange(name, size, offset, length);
      const target = into ? into.subarray(0, length) : new Uint8Array(length);
      if (length === 0) return target;
      const bytes = await withRetries(() => fetchRange(offset, length), options);
      target.set(bytes);
      fetched += length;
      options.onProgress?.(fetched, size);
      return target;
    },
    async close() {
      closed = true;
    },
  };
}
