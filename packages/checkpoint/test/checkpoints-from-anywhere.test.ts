import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ByteSource, encodeSafetensors, openCheckpoint } from "../src/index";
import { checkpointErrorCode } from "./checkpoint-error-code";
import { sendBytes } from "./checkpoint-server";

const shardA = encodeSafetensors({
  "encoder.w": { data: Float32Array.from({ length: 10_000 }, (_, index) => index + 1), shape: [100, 100] },
  "encoder.b": { data: new Float32Array([5, 6]), shape: [2] },
});
const shardB = encodeSafetensors({ "head.w": { data: new Float32Array(1000).fill(7), shape: [10, 100] } });
const index = (map: Record<string, string>) => JSON.stringify({ metadata: { total_size: 4024 }, weight_map: map });
const goodIndex = index({ "encoder.w": "model-00001-of-00002.safetensors", "encoder.b": "model-00001-of-00002.safetensors", "head.w": "model-00002-of-00002.safetensors" });
const files: Record<string, Uint8Array | string> = {
  "/m/model.safetensors.index.json": goodIndex,
  "/m/model-00001-of-00002.safetensors": shardA,
  "/m/model-00002-of-00002.safetensors": shardB,
  "/bad/missing.index.json": index({ w: "model-00009-of-00009.safetensors" }),
  "/bad/escape.index.json": index({ w: "../model-00001-of-00002.safetensors" }),
  "/bad/absolute.index.json": index({ w: "http://example.invalid/x.safetensors" }),
  "/owner/repo/resolve/main/model.safetensors": shardA,
  "/owner/repo/resolve/v2/sub/model.safetensors": shardB,
};

type Logged = { path: string; range: string | undefined; authorization: string | undefined };
let log: Logged[] = [];
let otherLog: Logged[] = [];
let rangeServer: Server;
let plainServer: Server;
let otherServer: Server;
let rangeBase: string;
let plainBase: string;
let otherBase: string;
let ignoreRangesAfterProbe = false;

function serve(honourRanges: boolean, into: () => Logged[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    into().push({ path, range: request.headers.range, authorization: request.headers.authorization });
    if (path === "/owner/repo/resolve/main/elsewhere.safetensors") {
      response.writeHead(302, { location: `${otherBase}/owner/repo/resolve/main/model.safetensors` });
      response.end();
      return;
    }
    const body = files[path];
    if (body === undefined) {
      response.writeHead(404);
      response.end();
      return;
    }
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const probe = request.headers.range === "bytes=0-0";
    sendBytes(request, response, bytes, honourRanges && (probe || !ignoreRangesAfterProbe));
  };
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
let cacheDirectory: string;

beforeAll(async () => {
  rangeServer = createServer(serve(true, () => log));
  plainServer = createServer(serve(false, () => log));
  otherServer = createServer(serve(true, () => otherLog));
  [rangeBase, plainBase, otherBase] = await Promise.all([listen(rangeServer), listen(plainServer), listen(otherServer)]);
});
afterAll(async () => {
  for (const server of [rangeServer, plainServer, otherServer]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
beforeEach(() => {
  log = [];
  otherLog = [];
  ignoreRangesAfterProbe = false;
  cacheDirectory = mkdtempSync(join(tmpdir(), "initlib-anywhere-"));
  return () => rmSync(cacheDirectory, { recursive: true, force: true });
});

describe("sharded checkpoints", () => {
  it("open only the shards that hold the keys asked for, and by Range only the bytes needed", async () => {
    const reader = await openCheckpoint(`${rangeBase}/m/model.safetensors.index.json`, { cacheDirectory, rangeRequests: true, progress: false });
    expect(reader.keys()).toEqual(["encoder.w", "encoder.b", "head.w"]);
    await reader.prepare!(["encoder.b"]);
    expect(reader.entry("encoder.b").shape).toEqual([2]);
    expect([...(await reader.read("encoder.b"))]).toEqual([5, 6]);
    expect(log.map((entry) => entry.path)).not.toContain("/m/model-00002-of-00002.safetensors");
    const shardRequests = log.filter((entry) => entry.path === "/m/model-00001-of-00002.safetensors");
    expect(shardRequests.every((entry) => entry.range !== undefined)).toBe(true);
    const bytesAsked = shardRequests.map((entry) => /bytes=(\d+)-(\d+)/.exec(entry.range!)!).reduce((total, match) => total + Number(match[2]) - Number(match[1]) + 1, 0);
    expect(bytesAsked).toBeLessThan(1_000); // the header and encoder.b: not encoder.w's 40,000 bytes
    await reader.close();
  });

  it("falls back to whole downloads from a server without Range support", async () => {
    const reader = await openCheckpoint(`${plainBase}/m/model.safetensors.index.json`, { cacheDirectory, rangeRequests: true, progress: false });
    expect([...(await reader.read("head.w"))].slice(0, 3)).toEqual([7, 7, 7]);
    expect(log.map((entry) => entry.path)).not.toContain("/m/model-00001-of-00002.safetensors");
    await reader.close();
  });

  it("opens local sharded checkpoints lazily too", async () => {
    for (const [path, body] of Object.entries(files)) if (path.startsWith("/m/")) writeFileSync(join(cacheDirectory, path.slice(3)), body);
    const reader = await openCheckpoint(join(cacheDirectory, "model.safetensors.index.json"));
    expect(() => reader.entry("head.w")).toThrow(/not open yet/);
    expect([...(await reader.read("encoder.w")).subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    await reader.close();
  });

  it("refuses an index naming a missing shard, a shard outside its directory or an absolute URL", async () => {
    const open = (name: string) => async () => {
      const reader = await openCheckpoint(`${rangeBase}/bad/${name}.index.json`, { cacheDirectory, rangeRequests: true, progress: false });
      await reader.read("w");
    };
    expect(await checkpointErrorCode(open("missing"))).toBe("CHECKPOINT_NOT_FOUND");
    expect(await checkpointErrorCode(open("escape"))).toBe("CHECKPOINT_UNSAFE_PATH");
    expect(await checkpointErrorCode(open("absolute"))).toBe("CHECKPOINT_UNSAFE_PATH");
  });

  it("refuses a Range reply that ignores the range after the server honoured the probe", async () => {
    ignoreRangesAfterProbe = true;
    const code = await checkpointErrorCode(async () => {
      const reader = await openCheckpoint(`${rangeBase}/m/model-00001-of-00002.safetensors`, { cacheDirectory, rangeRequests: true, progress: false });
      await reader.read("encoder.w");
    });
    expect(code).toBe("CHECKPOINT_HTTP");
  });
});

describe("hf:// references", () => {
  it("resolve as the Hub resolves files, with the token sent to the endpoint", async () => {
    const options = { cacheDirectory, hubEndpoint: rangeBase, hubToken: "hf_secret", progress: false, rangeRequests: true };
    const reader = await openCheckpoint("hf://owner/repo@v2/sub/model.safetensors", options);
    expect(reader.keys()).toEqual(["head.w"]);
    expect(log[0]).toMatchObject({ path: "/owner/repo/resolve/v2/sub/model.safetensors", authorization: "Bearer hf_secret" });
    await reader.close();
  });

  it("refuse a redirect to another origin, which never sees the token", async () => {
    const options = { cacheDirectory, hubEndpoint: rangeBase, hubToken: "hf_secret", progress: false, rangeRequests: true };
    expect(await checkpointErrorCode(() => openCheckpoint("hf://owner/repo/elsewhere.safetensors", options))).toBe("CHECKPOINT_HTTP");
    expect(otherLog).toEqual([]);
  });

  it("refuse malformed references", async () => {
    for (const reference of ["hf://owner", "hf://owner/repo/../x.safetensors", "hf://ow ner/repo/x"]) {
      expect(await checkpointErrorCode(() => openCheckpoint(reference, { cacheDirectory }))).toBe("CHECKPOINT_BAD_ARGUMENT");
    }
  });
});

describe("checkpoints given as values", () => {
  it("reads bytes, an ArrayBuffer, a Blob, a Response and a reader object", async () => {
    const source: ByteSource = {
      name: "custom",
      size: shardA.length,
      read: async (offset, length) => shardA.slice(offset, offset + length),
      close: async () => undefined,
    };
    const inputs = [shardA, shardA.slice().buffer, new Blob([shardA]), new Response(shardA), source];
    for (const input of inputs) {
      const reader = await openCheckpoint(input);
      expect([...(await reader.read("encoder.b"))]).toEqual([5, 6]);
      await reader.close();
    }
  });

  it("refuses a value it cannot open", async () => {
    expect(await checkpointErrorCode(() => openCheckpoint(42 as never))).toBe("CHECKPOINT_BAD_ARGUMENT");
  });
});
