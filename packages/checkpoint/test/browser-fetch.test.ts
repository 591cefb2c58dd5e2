import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeSafetensors, openCheckpoint } from "../src/index";
import { CheckpointServer } from "./checkpoint-server";
import { checkpointErrorCode } from "./checkpoint-error-code";
import { MemoryCacheStorage } from "./memory-cache-storage";

// What a browser's fetch does differently from Node's: `redirect: "manual"` gives an opaque
// response that hides the target, and CORS hides response headers the server does not expose.
const model = encodeSafetensors({ b: { data: new Float32Array([1, 2]), shape: [2] } });
let hub: CheckpointServer;
let cdn: CheckpointServer;
const realFetch = globalThis.fetch;
let hiddenHeaders: string[] = [];

/** Node's fetch made to answer as a browser's does. */
async function browserFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await realFetch(input, init);
  if (init?.redirect === "manual" && response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    return opaque;
  }
  if (hiddenHeaders.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const name of hiddenHeaders) headers.delete(name);
  const visible = new Response(response.body, { status: response.status, headers });
  Object.defineProperty(visible, "url", { value: response.url });
  return visible;
}

beforeAll(async () => {
  cdn = await CheckpointServer.start({ "/blobs/abc": model });
  hub = await CheckpointServer.start({});
  hub.hooks.set("/owner/repo/resolve/main/model.safetensors", (_request, response) => {
    response.writeHead(302, { location: `${cdn.base}/blobs/abc` });
    response.end();
    return true;
  });
  vi.stubGlobal("fetch", browserFetch);
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await Promise.all([hub.close(), cdn.close()]);
});
beforeEach(() => {
  cdn.log.length = 0;
  hub.log.length = 0;
  hiddenHeaders = [];
});

const options = (extra: object = {}) => ({ cacheStorage: new MemoryCacheStorage(), hubEndpoint: hub.base, hubToken: "hf_secret", retries: 0, ...extra });

describe("redirects a browser hides", () => {
  it("an hf:// redirect is refused without following it when only the endpoint is allowed", async () => {
    expect(await checkpointErrorCode(() => openCheckpoint("hf://owner/repo/model.safetensors", options()))).toBe("CHECKPOINT_HTTP");
    expect(cdn.log).toEqual([]);
  });

  it("is followed when the target's origin is allowed, and the token stays with the endpoint", async () => {
    const reader = await openCheckpoint("hf://owner/repo/model.safetensors", options({ redirectOrigins: [cdn.base] }));
    expect([...(await reader.read("b"))]).toEqual([1, 2]);
    await reader.close();
    expect(cdn.log.map((entry) => entry.authorization)).toEqual([undefined]);
  });

  it("is refused after following when it ends on an origin that is not allowed", async () => {
    const error = openCheckpoint("hf://owner/repo/model.safetensors", options({ redirectOrigins: ["https://cdn.example"] }));
    await expect(error).rejects.toMatchObject({ code: "CHECKPOINT_HTTP", message: expect.stringContaining(cdn.base) });
  });
});

describe("headers CORS hides", () => {
  it("a Range probe whose Content-Range is not exposed falls back to a whole download", async () => {
    hiddenHeaders = ["content-range"];
    const reader = await openCheckpoint(`${cdn.base}/blobs/abc`, { cacheStorage: null, rangeRequests: true, retries: 0, format: "safetensors" });
    expect([...(await reader.read("b"))]).toEqual([1, 2]);
    await reader.close();
    expect(cdn.log.map((entry) => entry.range)).toEqual(["bytes=0-0", undefined]);
  });
});
