/** What the page downloaded while a watch was on. */
export interface DownloadTally {
  /** Requests started (`fetch` calls). */
  readonly requests: number;
  /** Requests whose body was read to its end. */
  readonly finished: number;
  /** Body bytes received so far. */
  readonly receivedBytes: number;
  /** Sum of the `Content-Length` of the responses that announced one. */
  readonly announcedBytes: number;
}

/** A running watch on the page's downloads. */
export interface DownloadWatch {
  /** Restores the page's own `fetch` and returns the final tally. */
  stop(): DownloadTally;
}

/**
 * Counts what `fetch` downloads until `stop()`: every response body is passed through a counting
 * stream, and `onUpdate` is told after each chunk. The checkpoint reader fetches through the
 * global `fetch` (the index, each shard's header, each tensor's byte range), so this sees a
 * Pretrained load's downloads without any hook in initlib. One watch at a time.
 * @example
 * const watch = watchDownloads((tally) => (label.textContent = `${tally.receivedBytes} bytes`));
 * await model.initWeights({ backend });
 * watch.stop();
 */
export function watchDownloads(onUpdate: (tally: DownloadTally) => void, target: { fetch: typeof fetch } = globalThis): DownloadWatch {
  const original = target.fetch;
  let tally: DownloadTally = { requests: 0, finished: 0, receivedBytes: 0, announcedBytes: 0 };
  let stopped = false;
  const update = (change: Partial<Record<keyof DownloadTally, number>>) => {
    tally = {
      requests: tally.requests + (change.requests ?? 0),
      finished: tally.finished + (change.finished ?? 0),
      receivedBytes: tally.receivedBytes + (change.receivedBytes ?? 0),
      announcedBytes: tally.announcedBytes + (change.announcedBytes ?? 0),
    };
    if (!stopped) onUpdate(tally);
  };
  const counting: typeof fetch = async (input, init) => {
    update({ requests: 1 });
    const response = await original.call(target, input, init);
    const announced = Number(response.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(announced)) update({ announcedBytes: announced });
    if (!response.body) {
      update({ finished: 1 });
      return response;
    }
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        update({ receivedBytes: chunk.byteLength });
        controller.enqueue(chunk);
      },
      flush: () => update({ finished: 1 }),
    });
    const counted = new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
    // A Response built here has no url, type or redirect flag of its own; keep the original's.
    for (const key of ["url", "redirected", "type"] as const) Object.defineProperty(counted, key, { value: response[key] });
    return counted;
  };
  target.fetch = counting;
  return {
    stop() {
      stopped = true;
      if (target.fetch === counting) target.fetch = original;
      return tally;
    },
  };
}

/**
 * The progress line the page shows: requests, bytes received and, when the responses announced
 * their sizes, how much of that has arrived.
 * @example
 * describeDownload({ requests: 3, finished: 2, receivedBytes: 2048, announcedBytes: 4096 }); // "2 of 3 requests, 2.0 KB of 4.0 KB"
 */
export function describeDownload(tally: DownloadTally): string {
  const of = tally.announcedBytes > 0 ? ` of ${formatBytes(tally.announcedBytes)}` : "";
  return `${tally.finished} of ${tally.requests} request${tally.requests === 1 ? "" : "s"}, ${formatBytes(tally.receivedBytes)}${of}`;
}

/** Bytes as B, KB or MB (powers of 1024), one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
