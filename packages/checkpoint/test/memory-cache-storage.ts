import type { CacheLike, CacheStorageLike } from "../src/index";

/**
 * An in-memory stand-in for the browser's `caches` (Cache API), enough for the checkpoint cache:
 * entries keep their body bytes and headers, and tests may inspect or damage them.
 */
export class MemoryCacheStorage implements CacheStorageLike {
  readonly caches = new Map<string, Map<string, { body: Uint8Array; headers: [string, string][] }>>();
  puts = 0;

  async open(cacheName: string): Promise<CacheLike> {
    let entries = this.caches.get(cacheName);
    if (!entries) {
      entries = new Map();
      this.caches.set(cacheName, entries);
    }
    const store = entries;
    return {
      match: async (request) => {
        const entry = store.get(request);
        return entry ? new Response(entry.body.slice() as Uint8Array<ArrayBuffer>, { headers: entry.headers }) : undefined;
      },
      put: async (request, response) => {
        this.puts += 1;
        store.set(request, { body: new Uint8Array(await response.arrayBuffer()), headers: [...response.headers] });
      },
      delete: async (request) => store.delete(request),
    };
  }

  /** Every kept URL, over all caches. */
  keys(): string[] {
    return [...this.caches.values()].flatMap((entries) => [...entries.keys()]);
  }
}
