import { describe, expect, it } from "vitest";
import { describeDownload, formatBytes, watchDownloads, type DownloadTally } from "./download-progress";

function fakeServer(bodies: Record<string, Uint8Array<ArrayBuffer>>): { fetch: typeof fetch } {
  return {
    fetch: async (input) => {
      const body = bodies[String(input)];
      if (!body) return new Response(null, { status: 404 });
      return new Response(body, { status: 206, headers: { "content-length": String(body.length), "content-range": `bytes 0-${body.length - 1}/99` } });
    },
  };
}

describe("watchDownloads", () => {
  it("counts requests and body bytes as they arrive, and passes the bodies through unchanged", async () => {
    const target = fakeServer({ a: new Uint8Array([1, 2, 3]), b: new Uint8Array(2000).fill(7) });
    const original = target.fetch;
    const updates: DownloadTally[] = [];
    const watch = watchDownloads((tally) => updates.push(tally), target);
    expect(target.fetch).not.toBe(original);
    const a = await target.fetch("a");
    expect(a.status).toBe(206);
    expect(a.headers.get("content-range")).toBe("bytes 0-2/99");
    expect([...new Uint8Array(await a.arrayBuffer())]).toEqual([1, 2, 3]);
    const b = await target.fetch("b");
    expect((await b.arrayBuffer()).byteLength).toBe(2000);
    expect((await target.fetch("missing")).status).toBe(404);
    const final = watch.stop();
    expect(final).toEqual({ requests: 3, finished: 3, receivedBytes: 2003, announcedBytes: 2003 });
    expect(updates.at(-1)).toEqual(final);
    // Progress was reported while bytes were still arriving, not only at the end.
    expect(updates.some((tally) => tally.receivedBytes > 0 && tally.finished < tally.requests)).toBe(true);
    expect(target.fetch).toBe(original);
  });

  it("reports nothing after stop, and a cancelled body is not counted as finished", async () => {
    const target = fakeServer({ a: new Uint8Array(10) });
    let calls = 0;
    const watch = watchDownloads(() => (calls += 1), target);
    const response = await target.fetch("a");
    await response.body!.cancel();
    const final = watch.stop();
    expect(final.requests).toBe(1);
    expect(final.finished).toBe(0);
    const before = calls;
    await target.fetch("a");
    expect(calls).toBe(before);
  });
});

describe("describeDownload", () => {
  it("names requests and sizes", () => {
    expect(describeDownload({ requests: 3, finished: 2, receivedBytes: 2048, announcedBytes: 4096 })).toBe("2 of 3 requests, 2.0 KB of 4.0 KB");
    expect(describeDownload({ requests: 1, finished: 0, receivedBytes: 10, announcedBytes: 0 })).toBe("0 of 1 request, 10 B");
    expect(formatBytes(3 * 1024 ** 2)).toBe("3.0 MB");
  });
});
