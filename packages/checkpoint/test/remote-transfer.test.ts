import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CHECKPOINT_CACHE_NAME, encodeSafetensors, openCheckpoint, type OpenCheckpointOptions } from "../src/index";
import { CheckpointServer, status } from "./checkpoint-server";
import { checkpointErrorCode } from "./checkpoint-error-code";
import { expected, fixtureBytes } from "./fixtures";
import { MemoryCacheStorage } from "./memory-cache-storage";

const model = encodeSafetensors({ w: { data: Float32Array.from({ length: 50_000 }, (_, index) => index), shape: [50_000] }, b: { data: new Float32Array([1, 2]), shape: [2] } });
const digest = createHash("sha256").update(model).digest("hex");
let server: CheckpointServer;
let cacheDirectory: string;
let memory: MemoryCacheStorage;
const url = () => `${server.base}/m/model.safetensors`;

beforeAll(async () => {
  server = await CheckpointServer.start({
    "/m/model.safetensors": model,
    "/owner/repo/resolve/main/model.safetensors": model,
    "/t/pytorch_model.bin.index.json": JSON.stringify({
      metadata: {},
      weight_map: {
        "linear.weight": "pytorch_model-00001-of-00002.bin",
        "linear.bias": "pytorch_model-00001-of-00002.bin",
        "conv.weight": "pytorch_model-00001-of-00002.bin",
        "conv.bias": "pytorch_model-00001-of-00002.bin",
        "bn.weight": "pytorch_model-00002-of-00002.bin",
      },
    }),
    "/t/pytorch_model-00001-of-00002.bin": fixtureBytes("flat.pth"),
    "/t/pytorch_model-00002-of-00002.bin": fixtureBytes("batchnorm.pth"),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  memory = new MemoryCacheStorage();
  cacheDirectory = mkdtempSync(join(tmpdir(), "initlib-transfer-"));
  return () => rmSync(cacheDirectory, { recursive: true, force: true });
});

const modes: [string, () => OpenCheckpointOptions][] = [
  ["disk cache (Node)", () => ({ cacheDirectory, progress: false })],
  ["Cache API (browser)", () => ({ cacheStorage: memory, progress: false })],
];

describe.each(modes)("whole downloads through the %s", (_mode, options) => {
  it("retry a 5xx and a cut connection with backoff, then succeed", async () => {
    server.hooks.set("/m/model.safetensors", (request, response, attempt) => {
      if (attempt === 0) return status(response, 502);
      if (attempt === 1) {
        request.socket.destroy();
        return true;
      }
      return false;
    });
    const reader = await openCheckpoint(url(), { ...options(), retries: 2, retryDelayMs: 5 });
    expect([...(await reader.read("b"))]).toEqual([1, 2]);
    expect(server.requestsTo("/m/model.safetensors")).toHaveLength(3);
    await reader.close();
  });

  it("report progress up to the whole size", async () => {
    const seen: [number, number | undefined][] = [];
    const reader = await openCheckpoint(url(), { ...options(), onProgress: (received, total) => seen.push([received, total]) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual([model.length, model.length]);
    expect(seen.every(([received], index) => index === 0 || received > seen[index - 1]![0])).toBe(true);
    await reader.close();
  });

  it("time out a server that stalls after the headers (idle timeout)", async () => {
    server.hooks.set("/m/model.safetensors", (_request, response) => {
      response.writeHead(200, { "content-length": model.length });
      response.write(model.subarray(0, 100));
      return true;
    });
    expect(await checkpointErrorCode(() => openCheckpoint(url(), { ...options(), idleTimeoutMs: 150, retries: 0 }))).toBe("CHECKPOINT_TIMEOUT");
  });

  it("time out a server that never answers (connect timeout)", async () => {
    server.hooks.set("/m/model.safetensors", () => true);
    expect(await checkpointErrorCode(() => openCheckpoint(url(), { ...options(), connectTimeoutMs: 150, retries: 0 }))).toBe("CHECKPOINT_TIMEOUT");
  });

  it("time out a download that trickles past its total time", async () => {
    server.hooks.set("/m/model.safetensors", (_request, response) => {
      response.writeHead(200, { "content-length": model.length });
      let sent = 0;
      const timer = setInterval(() => {
        if (response.destroyed || sent >= model.length) return clearInterval(timer);
        response.write(model.subarray(sent, sent + 64));
        sent += 64;
      }, 20);
      response.on("close", () => clearInterval(timer));
      return true;
    });
    expect(await checkpointErrorCode(() => openCheckpoint(url(), { ...options(), idleTimeoutMs: 2000, totalTimeoutMs: 300, retries: 0 }))).toBe("CHECKPOINT_TIMEOUT");
  });

  it("stop on an AbortSignal without retrying", async () => {
    const controller = new AbortController();
    server.hooks.set("/m/model.safetensors", (_request, response) => {
      response.writeHead(200, { "content-length": model.length });
      response.write(model.subarray(0, 100), () => controller.abort(new Error("user cancelled")));
      return true;
    });
    expect(await checkpointErrorCode(() => openCheckpoint(url(), { ...options(), signal: controller.signal, retries: 3, retryDelayMs: 1 }))).toBe("CHECKPOINT_NETWORK");
    expect(server.requestsTo("/m/model.safetensors")).toHaveLength(1);
  });

  it("download once and serve later opens from the cache", async () => {
    for (let run = 0; run < 2; run += 1) {
      const reader = await openCheckpoint(url(), options());
      expect([...(await reader.read("b"))]).toEqual([1, 2]);
      await reader.close();
    }
    expect(server.requestsTo("/m/model.safetensors")).toHaveLength(1);
  });

  it("verify a pinned SHA-256, keeping nothing that does not match", async () => {
    expect(await checkpointErrorCode(() => openCheckpoint(url(), { ...options(), sha256: "00000000" }))).toBe("CHECKPOINT_HASH_MISMATCH");
    expect(memory.keys()).toEqual([]);
    const reader = await openCheckpoint(url(), { ...options(), sha256: digest.slice(0, 16) });
    expect(reader.keys()).toEqual(["w", "b"]);
    await reader.close();
  });

  it("follow pytorch_model.bin.index.json, opening only the shard that holds the key", async () => {
    const reader = await openCheckpoint(`${server.base}/t/pytorch_model.bin.index.json`, options());
    expect(reader.format).toBe("torch");
    expect([...(await reader.read("linear.bias"))]).toEqual(expected["flat.pth"]!["linear.bias"]!.values);
    expect(server.log.map((entry) => entry.path)).toEqual(["/t/pytorch_model.bin.index.json", "/t/pytorch_model-00001-of-00002.bin"]);
    // The index says bn.weight is in shard 2, which holds "weight": a coded error naming the key.
    await expect(reader.read("bn.weight")).rejects.toMatchObject({ code: "CHECKPOINT_BAD_HEADER", message: expect.stringContaining('"bn.weight"') });
    await reader.close();
  });
});

describe("the Cache API", () => {
  it("keeps whole downloads in the initlib-checkpoints cache, keyed by URL", async () => {
    const reader = await openCheckpoint(url(), { cacheStorage: memory });
    await reader.close();
    expect([...memory.caches.keys()]).toEqual([CHECKPOINT_CACHE_NAME]);
    expect(memory.keys()).toEqual([url()]);
  });

  it("replaces an entry that is not whole instead of trusting it", async () => {
    const reader = await openCheckpoint(url(), { cacheStorage: memory });
    await reader.close();
    const entry = memory.caches.get(CHECKPOINT_CACHE_NAME)!.get(url())!;
    entry.body = entry.body.subarray(0, 500); // its content-length still says the whole size
    const again = await openCheckpoint(url(), { cacheStorage: memory });
    expect([...(await again.read("b"))]).toEqual([1, 2]);
    await again.close();
    expect(server.requestsTo("/m/model.safetensors")).toHaveLength(2);
    expect(memory.caches.get(CHECKPOINT_CACHE_NAME)!.get(url())!.body.length).toBe(model.length);
  });

  it("is not written to when Range requests serve the file", async () => {
    const reader = await openCheckpoint(url(), { cacheStorage: memory, rangeRequests: true });
    expect([...(await reader.read("b"))]).toEqual([1, 2]);
    await reader.close();
    expect(memory.puts).toBe(0);
    expect(server.requestsTo("/m/model.safetensors").every((entry) => entry.range !== undefined)).toBe(true);
  });
});

describe("Range reads", () => {
  it("retry a range that fails with a 5xx, and report the bytes fetched", async () => {
    let failed = false;
    server.hooks.set("/m/model.safetensors", (request, response) => {
      if (failed || !/^bytes=(\d+)/.exec(request.headers.range ?? "") || request.headers.range!.startsWith("bytes=0-")) return false;
      if (Number(/^bytes=(\d+)/.exec(request.headers.range!)![1]) < 100) return false;
      failed = true;
      return status(response, 500);
    });
    const seen: number[] = [];
    const reader = await openCheckpoint(url(), { rangeRequests: true, cacheStorage: null, retryDelayMs: 1, onProgress: (received) => seen.push(received) });
    expect([...(await reader.read("b"))]).toEqual([1, 2]);
    expect(failed).toBe(true);
    expect(seen.at(-1)).toBeLessThan(1000); // the probe, the header and b: not w's 200,000 bytes
    await reader.close();
  });
});

describe("hf:// redirects", () => {
  it("follow a redirect to an origin listed in redirectOrigins without the token, on both download paths", async () => {
    const cdn = await CheckpointServer.start({ "/blobs/abc": model });
    try {
      server.hooks.set("/owner/repo/resolve/main/model.safetensors", (_request, response) => {
        response.writeHead(302, { location: `${cdn.base}/blobs/abc` });
        response.end();
        return true;
      });
      for (const options of modes.map(([, make]) => make())) {
        const reader = await openCheckpoint("hf://owner/repo/model.safetensors", { ...options, hubEndpoint: server.base, hubToken: "hf_secret", redirectOrigins: [cdn.base] });
        expect([...(await reader.read("b"))]).toEqual([1, 2]);
        await reader.close();
      }
      expect(cdn.log).toHaveLength(2);
      expect(cdn.log.every((entry) => entry.authorization === undefined)).toBe(true);
      expect(server.log.every((entry) => entry.authorization === "Bearer hf_secret")).toBe(true);
    } finally {
      await cdn.close();
    }
  });
});

describe("hf:// from the environment", () => {
  it("takes the endpoint from HF_ENDPOINT and the token from HF_TOKEN", async () => {
    vi.stubEnv("HF_ENDPOINT", server.base);
    vi.stubEnv("HF_TOKEN", "hf_from_environment");
    try {
      const reader = await openCheckpoint("hf://owner/repo/model.safetensors", { cacheDirectory, progress: false });
      expect(reader.keys()).toEqual(["w", "b"]);
      await reader.close();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(server.requestsTo("/owner/repo/resolve/main/model.safetensors")[0]!.authorization).toBe("Bearer hf_from_environment");
  });
});
