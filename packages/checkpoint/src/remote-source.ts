import { downloadCheckpoint, openFileSource } from "#local-files";
import { type ByteSource, createMemorySource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { expectedHash } from "./expected-hash";
import type { DownloadOptions } from "./download-options";
import { fetchWithRedirects, httpStatusError } from "./http-request";
import { openHttpRangeSource } from "./http-range-source";
import { redactUrl } from "./redact-url";

/** Options of {@link openRemoteSource}. */
export interface RemoteSourceOptions extends DownloadOptions {
  /**
   * Read remote files by HTTP Range requests when the server honours them (the header first, then
   * only the tensors read), falling back to a whole download otherwise. A pinned SHA-256 always
   * downloads the whole file (the hash covers all of it). In Node the default is a whole download
   * into the disk cache, which later runs reuse without a request; set `true` to take a few
   * tensors from a large remote file without downloading the rest.
   * @default true in browsers, false in Node
   */
  readonly rangeRequests?: boolean;
}

const inNode = () => typeof process !== "undefined" && typeof process.versions?.node === "string";

/**
 * A remote checkpoint file as a byte source: read by ranges when possible; else downloaded whole,
 * into the disk cache in Node (atomically, verified) or into memory under `maxBytes` elsewhere.
 * @example
 * const source = await openRemoteSource(new URL("https://host/model.safetensors"));
 */
export async function openRemoteSource(url: URL, options: RemoteSourceOptions = {}): Promise<ByteSource> {
  const name = redactUrl(url);
  const pinned = expectedHash(url, options.sha256) !== undefined;
  if (!pinned && (options.rangeRequests ?? !inNode()) && !/\.json$/i.test(url.pathname)) {
    const ranged = await openHttpRangeSource(url, options);
    if (ranged) return ranged;
  }
  if (inNode()) {
    const file = await openFileSource(await downloadCheckpoint(url, options));
    return { ...file, name, read: file.read, close: file.close };
  }
  if (pinned) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "a pinned SHA-256 is verified by the Node download cache only", { file: name, hint: "leave sha256 out in the browser, or verify the file yourself" });
  }
  const { response } = await fetchWithRedirects(url, options);
  if (!response.ok) {
    await response.body?.cancel();
    throw httpStatusError(response, url);
  }
  return createMemorySource(await readBounded(response, options.maxBytes ?? 4 * 2 ** 30, name), name);
}

/** The body of `response`, refused beyond `maxBytes` (a `Content-Length` that lies is caught too). */
export async function readBounded(response: Response, maxBytes: number, name: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new CheckpointError("CHECKPOINT_TOO_LARGE", `the server announces ${declared} bytes`, { file: name, expected: `at most ${maxBytes} bytes (maxBytes)` });
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > maxBytes) {
      await reader.cancel();
      throw new CheckpointError("CHECKPOINT_TOO_LARGE", `the body exceeds ${maxBytes} bytes`, { file: name });
    }
    chunks.push(value);
  }
  if (Number.isFinite(declared) && received !== declared) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `the body has ${received} bytes, not the ${declared} its Content-Length says`, { file: name });
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
