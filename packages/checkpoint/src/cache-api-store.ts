import { readBody } from "./read-body";

/** The part of the Cache API (`caches.open(...)`'s cache) the checkpoint cache uses. */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

/** The part of `CacheStorage` (the browser's `caches`) the checkpoint cache uses; inject your own to test or to share a cache. */
export interface CacheStorageLike {
  open(cacheName: string): Promise<CacheLike>;
}

/** The Cache API cache that whole downloads are kept in. */
export const CHECKPOINT_CACHE_NAME = "initlib-checkpoints";

/**
 * The bytes of `url` kept by an earlier download, or `undefined` when there are none or they are
 * not whole (a stored length that does not match its body, or a hash that does not match
 * `accept`): such an entry is deleted, so a later download replaces it.
 * @example
 * const bytes = await readCachedCopy(caches, url, "https://host/w.safetensors", { maxBytes: 2 ** 30 });
 */
export async function readCachedCopy(
  storage: CacheStorageLike,
  url: URL,
  name: string,
  options: { maxBytes: number; accept?: (bytes: Uint8Array) => Promise<boolean> },
): Promise<Uint8Array | undefined> {
  const cache = await storage.open(CHECKPOINT_CACHE_NAME);
  const hit = await cache.match(url.href);
  if (!hit) return undefined;
  try {
    const bytes = await readBody(hit, name, { maxBytes: options.maxBytes });
    if (options.accept === undefined || (await options.accept(bytes))) return bytes;
  } catch {
    // unreadable or not whole: dropped below and downloaded again
  }
  await cache.delete(url.href);
  return undefined;
}

/**
 * Keeps a complete, verified download of `url` for later runs. Only whole bodies reach here, so a
 * failed or partial download never enters the cache; a cache that refuses (quota) is not an error.
 */
export async function storeCopy(storage: CacheStorageLike, url: URL, bytes: Uint8Array): Promise<void> {
  try {
    const cache = await storage.open(CHECKPOINT_CACHE_NAME);
    await cache.put(url.href, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-length": String(bytes.length), "content-type": "application/octet-stream" } }));
  } catch {
    // a full or unavailable cache only costs a download next time
  }
}

/** Removes the kept copy of `url`, if any. */
export async function dropCopy(storage: CacheStorageLike, url: URL): Promise<void> {
  await (await storage.open(CHECKPOINT_CACHE_NAME)).delete(url.href);
}
