import type { ByteSource } from "./byte-source";
import { checkRange } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { fetchWithRedirects, httpStatusError, type HttpRequestOptions } from "./http-request";
import { redactUrl } from "./redact-url";

/**
 * A remote file read by HTTP Range requests: the first request (`bytes=0-0`) learns the size from
 * `Content-Range`; each `read` then fetches exactly the bytes asked for. Resolves to `undefined`
 * when the server does not honour ranges (it answers 200 with the whole body, which is not read),
 * so the caller can fall back to a full download. A later reply that ignores the range or returns
 * a different length is a coded error, never silently used.
 * @example
 * const source = await openHttpRangeSource(new URL("https://host/model.safetensors"));
 * if (source) await readSafetensors(source); // reads the header, then only the tensors asked for
 */
export async function openHttpRangeSource(url: URL, options: HttpRequestOptions = {}): Promise<ByteSource | undefined> {
  const name = redactUrl(url);
  const probe = await fetchWithRedirects(url, { ...options, headers: { ...options.headers, range: "bytes=0-0" } });
  if (probe.response.status === 200) {
    await probe.response.body?.cancel();
    return undefined;
  }
  if (probe.response.status !== 206) {
    await probe.response.body?.cancel();
    throw httpStatusError(probe.response, url);
  }
  await probe.response.arrayBuffer();
  const total = /^bytes \d+-\d+\/(\d+)$/.exec(probe.response.headers.get("content-range") ?? "")?.[1];
  if (total === undefined) {
    throw new CheckpointError("CHECKPOINT_HTTP", "the server answered a range request without a usable Content-Range", {
      file: name,
      received: probe.response.headers.get("content-range"),
      expected: "bytes 0-0/<size>",
    });
  }
  const size = Number(total);
  let closed = false;
  return {
    name,
    size,
    async read(offset, length, into) {
      if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: name });
      checkRange(name, size, offset, length);
      const target = into ? into.subarray(0, length) : new Uint8Array(length);
      if (length === 0) return target;
      const { response } = await fetchWithRedirects(url, { ...options, headers: { ...options.headers, range: `bytes=${offset}-${offset + length - 1}` } });
      if (response.status !== 206) {
        await response.body?.cancel();
        if (response.status === 200) {
          throw new CheckpointError("CHECKPOINT_HTTP", "the server ignored a byte range it had honoured before", {
            file: name,
            received: "HTTP 200 (the whole file)",
            expected: `HTTP 206 with bytes ${offset}-${offset + length - 1}`,
            hint: "the server or a proxy in between changed; try again, or download the whole file",
          });
        }
        throw httpStatusError(response, url);
      }
      const expectedRange = `bytes ${offset}-${offset + length - 1}/${size}`;
      if (response.headers.get("content-range") !== expectedRange) {
        await response.body?.cancel();
        throw new CheckpointError("CHECKPOINT_HTTP", "the server answered a different byte range than asked for", {
          file: name,
          received: response.headers.get("content-range"),
          expected: expectedRange,
        });
      }
      let received = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (received + value.length > length) {
          await reader.cancel();
          throw new CheckpointError("CHECKPOINT_HTTP", "the server sent more bytes than the range holds", { file: name, expected: `${length} bytes` });
        }
        target.set(value, received);
        received += value.length;
      }
      if (received !== length) {
        throw new CheckpointError("CHECKPOINT_TRUNCATED", `the range ended after ${received} of ${length} bytes`, { file: name, hint: "the connection was interrupted; try again" });
      }
      return target;
    },
    async close() {
      closed = true;
    },
  };
}
