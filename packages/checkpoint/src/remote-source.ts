import { openDownloadedSource } from "#local-files";
import { type ByteSource, createMemorySource } from "./byte-source";
import { dropCopy, readCachedCopy, storeCopy, type CacheStorageLike } from "./cache-api-store";
import { CheckpointError } from "./checkpoint-error";
import { expectedHash } from "./expected-hash";
import type { DownloadOptions } from "./download-options";
import { fetchWithRedirects, httpStatusError } from "./http-request";
import { openHttpRangeSource } from "./http-range-source";
import { readBody } from "./read-body";
import { redactUrl } from "./redact-url";
import { withRetries } from "./retry";
import { sha256Hex } from "./sha256-bytes";

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
  /**
   * Where whole downloads are kept outside Node: a Cache API `CacheStorage` (cache
   * `initlib-checkpoints`). Given in Node, it replaces the disk cache; `null` keeps nothing.
   * @default globalThis.caches outside Node
   */
  readonly cacheStorage?: CacheStorageLike | null;
}

/**
 * A remote source whose content was kept in a cache: `evict` drops that copy, for content that
 * arrived whole but does not parse (a server that sent the wrong bytes must not be trusted again).
 */
export type CachedSource = ByteSource & { evict?(): Promise<void> };

/** Drops the cached copy behind `source`, if it has one; never throws. */
export async function evictCachedCopy(source: ByteSource): Promise<void> {
  await (source as CachedSource).evict?.().catch(() => undefined);
}

const inNode = () => typeof process !== "undefined" && typeof process.versions?.node === "string";

/** The Cache API storage to use, if any. */
function cacheStorageOf(options: RemoteSourceOptions): CacheStorageLike | undefined {
  if (options.cacheStorage !== undefined) return options.cacheStorage ?? undefined;
  if (inNode()) return undefined;
  return (globalThis as { caches?: CacheStorageLike }).caches;
}

/**
 * A remote checkpoint file as a byte source: a copy kept in the Cache API when there is one; else
 * read by ranges when possible; else downloaded whole, into the disk cache in Node (atomically,
 * verified) or into memory under `maxBytes` (then kept in the Cache API) elsewhere. Passing
 * failures (5xx, network errors, timeouts, bodies cut short) are retried `retries` times.
 * @example
 * const source = await openRemoteSource(new URL("https://host/model.safetensors"));
 */
export async function openRemoteSource(url: URL, options: RemoteSourceOptions = {}): Promise<CachedSource> {
  const name = redactUrl(url);
  const pinned = expectedHash(url, options.sha256);
  const storage = cacheStorageOf(options);
  const maxBytes = options.maxBytes ?? (storage || !inNode() ? 4 * 2 ** 30 : 64 * 2 ** 30);
  const matchesPin = async (bytes: Uint8Array) => pinned === undefined || (await sha256Hex(bytes)).startsWith(pinned);
  if (storage) {
    const kept = await readCachedCopy(storage, url, name, { maxBytes, accept: matchesPin });
    if (kept) return { ...createMemorySource(kept, name), evict: () => dropCopy(storage, url) };
  }
  if (pinned === undefined && (options.rangeRequests ?? !inNode()) && !/\.json$/i.test(url.pathname)) {
    const ranged = await withRetries(() => openHttpRangeSource(url, options), options);
    if (ranged) return ranged;
  }
  if (inNode() && !storage) return openDownloadedSource(url, options, name);
  const deadline = Date.now() + (options.totalTimeoutMs ?? 3_600_000);
  const bytes = await withRetries(() => fetchWhole(url, name, maxBytes, deadline, options), options);
  if (!(await matchesPin(bytes))) {
    throw new CheckpointError("CHECKPOINT_HASH_MISMATCH", "the downloaded file does not have the expected SHA-256", {
      file: name,
      received: await sha256Hex(bytes),
      expected: `a hash starting with ${pinned}`,
      hint: "the file on the server changed or the download was corrupted; check the URL and the hash",
    });
  }
  if (!storage) return createMemorySource(bytes, name);
  await storeCopy(storage, url, bytes);
  return { ...createMemorySource(bytes, name), evict: () => dropCopy(storage, url) };
}

/** One whole-file request, its body read under the byte cap and the timeouts. */
async function fetchWhole(url: URL, name: string, maxBytes: number, deadline: number, options: RemoteSourceOptions): Promise<Uint8Array> {
  const connectTimeoutMs = Math.max(0, Math.min(options.connectTimeoutMs ?? options.timeoutMs ?? 30_000, deadline - Date.now()));
  const { response } = await fetchWithRedirects(url, { ...options, connectTimeoutMs });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw httpStatusError(response, url);
  }
  return readBody(response, name, {
    maxBytes,
    idleTimeoutMs: options.idleTimeoutMs ?? options.timeoutMs,
    deadline,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The body of `response`, refused beyond `maxBytes` (a `Content-Length` that lies is caught too). */
export async function readBounded(response: Response, maxBytes: number, name: string): Promise<Uint8Array> {
  return readBody(response, name, { maxBytes });
}
