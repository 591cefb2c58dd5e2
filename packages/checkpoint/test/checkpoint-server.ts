import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface LoggedRequest {
  readonly path: string;
  readonly range: string | undefined;
  readonly authorization: string | undefined;
}

/** Answers a request itself (returns true) or lets the server serve the file; `attempt` counts requests to the path, from 0. */
export type RequestHook = (request: IncomingMessage, response: ServerResponse, attempt: number) => boolean;

/**
 * A checkpoint server on 127.0.0.1 for tests: serves `files` (with or without Range support),
 * logs every request, and lets a test replace the answer for a path with a hook.
 */
export class CheckpointServer {
  readonly log: LoggedRequest[] = [];
  readonly files = new Map<string, Uint8Array>();
  readonly hooks = new Map<string, RequestHook>();
  honourRanges = true;
  base = "";
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => this.answer(request, response));
  }

  static async start(files: Record<string, Uint8Array | string> = {}): Promise<CheckpointServer> {
    const server = new CheckpointServer();
    for (const [path, body] of Object.entries(files)) server.files.set(path, typeof body === "string" ? new TextEncoder().encode(body) : body);
    await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
    server.base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return server;
  }

  /** Requests made to `path`. */
  requestsTo(path: string): LoggedRequest[] {
    return this.log.filter((entry) => entry.path === path);
  }

  reset(): void {
    this.log.length = 0;
    this.hooks.clear();
    this.honourRanges = true;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const attempt = this.requestsTo(path).length;
    this.log.push({ path, range: request.headers.range, authorization: request.headers.authorization });
    if (this.hooks.get(path)?.(request, response, attempt)) return;
    const bytes = this.files.get(path);
    if (bytes === undefined) {
      response.writeHead(404);
      response.end();
      return;
    }
    sendBytes(request, response, bytes, this.honourRanges);
  }
}

/**
 * Answers with `bytes`: the requested part (206) for a `Range: bytes=a-b` request when `honourRanges`,
 * the whole body (200) otherwise.
 */
export function sendBytes(request: IncomingMessage, response: ServerResponse, bytes: Uint8Array, honourRanges: boolean): void {
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
  if (honourRanges && range) {
    const [start, end] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
    response.writeHead(206, { "content-range": `bytes ${start}-${end}/${bytes.length}`, "content-length": end - start + 1 });
    response.end(bytes.subarray(start, end + 1));
    return;
  }
  response.writeHead(200, { "content-length": bytes.length });
  response.end(bytes);
}

/** A raw HTTP/1.1 answer written straight to the socket (for headers that lie about the body). */
export function rawAnswer(request: IncomingMessage, head: string, body: Uint8Array): true {
  request.socket.end(Buffer.concat([Buffer.from(`${head}\r\nconnection: close\r\n\r\n`), body]));
  return true;
}

/** Sends `status` with a short text body. */
export function status(response: ServerResponse, code: number): true {
  response.writeHead(code, { "content-type": "text/plain" });
  response.end(`status ${code}`);
  return true;
}
