import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the checkpoint server answered. */
export interface LoggedRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** The `Range` header as sent, if any. */
  readonly range?: string;
  /** The byte range answered (inclusive), for a 206 reply. */
  readonly served?: readonly [number, number];
  readonly status: number;
  /** Body bytes sent. */
  readonly bytes: number;
}

/** Options of {@link serveCheckpoint}. */
export interface CheckpointServerOptions {
  /** Milliseconds to wait before answering each GET, so a browser shows its progress. @default 0 */
  readonly delayMs?: number;
}

/** A running checkpoint server. */
export interface CheckpointServer {
  /** Base URL, ending in `/`. */
  readonly url: string;
  /** Every request so far, in arrival order (CORS preflights included, as OPTIONS). */
  readonly log: LoggedRequest[];
  close(): Promise<void>;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "range, authorization",
  "access-control-expose-headers": "content-range, content-length, accept-ranges, etag",
};

/** `[start, end]` (inclusive) of a single `bytes=` range within `size`, or `undefined` when unsatisfiable. */
function parseRange(header: string, size: number): [number, number] | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? undefined : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start > end || start >= size ? undefined : [start, end];
}

/**
 * A second local HTTP server (127.0.0.1, random port) for checkpoint files held in memory, as a
 * model host would serve them: CORS headers for a page on another origin, single `Range` requests
 * (206 with `Content-Range`, 416 when unsatisfiable), and a log of every request.
 * @example
 * const server = await serveCheckpoint({ "model.safetensors": bytes });
 * await fetch(`${server.url}model.safetensors`, { headers: { range: "bytes=0-7" } });
 * server.log; // [{ method: "GET", path: "/model.safetensors", range: "bytes=0-7", status: 206, ... }]
 */
export async function serveCheckpoint(files: Readonly<Record<string, Uint8Array>>, options: CheckpointServerOptions = {}): Promise<CheckpointServer> {
  const log: LoggedRequest[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const method = request.method ?? "GET";
    const range = request.headers.range;
    const finish = (status: number, headers: Record<string, string>, body?: Uint8Array, served?: [number, number]) => {
      log.push({ method, path, ...(range === undefined ? {} : { range }), ...(served ? { served } : {}), status, bytes: method === "HEAD" ? 0 : (body?.length ?? 0) });
      response.writeHead(status, { ...CORS_HEADERS, ...headers });
      response.end(method === "HEAD" ? undefined : body);
    };
    if (method === "OPTIONS") return finish(204, { "access-control-max-age": "600" });
    const file = files[path.replace(/^\//, "")];
    if (!file) return finish(404, { "content-type": "text/plain" }, new TextEncoder().encode("not found"));
    const type = path.endsWith(".json") ? "application/json" : "application/octet-stream";
    const common = { "content-type": type, "accept-ranges": "bytes", "cache-control": "no-store" };
    if (range === undefined) return finish(200, { ...common, "content-length": String(file.length) }, file);
    const span = parseRange(range, file.length);
    if (!span) return finish(416, { "content-range": `bytes */${file.length}` });
    const body = file.subarray(span[0], span[1] + 1);
    return finish(206, { ...common, "content-length": String(body.length), "content-range": `bytes ${span[0]}-${span[1]}/${file.length}` }, body, span);
  };
  const server: Server = createServer((request, response) => {
    const delay = request.method === "GET" ? (options.delayMs ?? 0) : 0;
    if (delay > 0) setTimeout(() => answer(request, response), delay);
    else answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
