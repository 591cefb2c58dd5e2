import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { downloadCheckpoint, encodeSafetensors, expectedHash, openCheckpoint } from "../src/index";
import { currentFileOwner } from "../src/internal";
import { fixtureBytes } from "./fixtures";

const body = encodeSafetensors({ w: { data: new Float32Array([1, 2, 3]), shape: [3] } });
const hash = createHash("sha256").update(body).digest("hex");
const requests: string[] = [];
let server: Server;
let base: string;
let cacheDirectory: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? "/";
    requests.push(url);
    if (url.startsWith("/files/") && url.endsWith(".safetensors")) {
      response.writeHead(200, { "content-length": body.length });
      response.end(body);
    } else if (url === "/redirect") {
      response.writeHead(302, { location: `/files/model-${hash.slice(0, 10)}.safetensors` });
      response.end();
    } else if (url === "/short.safetensors") {
      response.writeHead(200, { "content-length": body.length });
      response.write(body.subarray(0, 20));
      setTimeout(() => response.socket?.destroy(), 20);
    } else if (url === "/slow.safetensors") {
      // Never answers: the client's timeout must fire.
    } else if (url === "/error.safetensors") {
      response.writeHead(500);
      response.end("boom");
    } else if (url.startsWith("/tfjs/")) {
      const name = url.slice("/tfjs/".length);
      const data = fixtureBytes(`tfjs/${name}`);
      response.writeHead(200, { "content-length": data.length });
      response.end(data);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  cacheDirectory = mkdtempSync(join(tmpdir(), "initlib-cache-"));
  requests.length = 0;
  return () => rmSync(cacheDirectory, { recursive: true, force: true });
});

const leftovers = () => readdirSync(cacheDirectory, { recursive: true }).filter((name) => String(name).endsWith(".part"));

describe("http(s) checkpoints", () => {
  it("removes the partial downloads of killed processes on this machine before downloading, and keeps those of live ones", async () => {
    const url = `${base}/files/parts.safetensors`;
    const cached = await downloadCheckpoint(url, { cacheDirectory, progress: false });
    rmSync(cached);
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const part = (pid: number) => `.initlib-${currentFileOwner().host}-${pid}-${String(pid).padStart(12, "0")}.part`;
    writeFileSync(join(dirname(cached), part(deadPid)), "partial bytes of a killed download");
    writeFileSync(join(dirname(cached), part(process.ppid)), "a download in progress");
    expect(await downloadCheckpoint(url, { cacheDirectory, progress: false })).toBe(cached);
    expect(readdirSync(dirname(cached)).sort()).toEqual([part(process.ppid), "parts.safetensors"].sort());
  });

  it("downloads once into the cache (INITLIB_CACHE_DIR) and reads from it afterwards", async () => {
    process.env.INITLIB_CACHE_DIR = cacheDirectory;
    try {
      const url = `${base}/files/model.safetensors`;
      const reader = await openCheckpoint(url, { progress: false });
      expect(reader.source).toBe(url);
      expect([...(await reader.read("w"))]).toEqual([1, 2, 3]);
      await reader.close();
      await (await openCheckpoint(url, { progress: false })).close();
      expect(requests).toEqual(["/files/model.safetensors"]);
      expect(readdirSync(cacheDirectory, { recursive: true }).some((name) => String(name).endsWith("model.safetensors"))).toBe(true);
    } finally {
      delete process.env.INITLIB_CACHE_DIR;
    }
  });

  it("follows redirects", async () => {
    const path = await downloadCheckpoint(`${base}/redirect`, { cacheDirectory, progress: false });
    expect(new Uint8Array(readFileSync(path))).toEqual(body);
    expect(requests).toEqual(["/redirect", `/files/model-${hash.slice(0, 10)}.safetensors`]);
  });

  it("accepts a file whose torch-hub name hash matches", async () => {
    const path = await downloadCheckpoint(`${base}/files/model-${hash.slice(0, 10)}.safetensors`, { cacheDirectory, progress: false });
    expect(path.startsWith(cacheDirectory)).toBe(true);
    expect(new Uint8Array(readFileSync(path))).toEqual(body);
  });

  it("rejects a hash mismatch and keeps nothing in the cache", async () => {
    await expect(downloadCheckpoint(`${base}/files/model-deadbeef00.safetensors`, { cacheDirectory, progress: false })).rejects.toMatchObject({
      code: "CHECKPOINT_HASH_MISMATCH",
    });
    await expect(downloadCheckpoint(`${base}/files/plain.safetensors`, { cacheDirectory, progress: false, sha256: "0123456789abcdef" })).rejects.toMatchObject({
      code: "CHECKPOINT_HASH_MISMATCH",
    });
    expect(readdirSync(cacheDirectory, { recursive: true }).filter((name) => String(name).endsWith(".safetensors"))).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it("reports 404 like a missing file, other statuses as HTTP errors", async () => {
    await expect(openCheckpoint(`${base}/nothing.pth`, { cacheDirectory, progress: false })).rejects.toMatchObject({
      code: "CHECKPOINT_NOT_FOUND",
      message: expect.stringContaining(`${base}/nothing.pth can not be found.`),
    });
    await expect(openCheckpoint(`${base}/error.safetensors`, { cacheDirectory, progress: false })).rejects.toMatchObject({ code: "CHECKPOINT_HTTP", received: 500 });
  });

  it("detects a body shorter than Content-Length and leaves no partial file", async () => {
    await expect(openCheckpoint(`${base}/short.safetensors`, { cacheDirectory, progress: false })).rejects.toMatchObject({ code: "CHECKPOINT_TRUNCATED" });
    expect(leftovers()).toEqual([]);
    expect(existsSync(join(cacheDirectory, "short.safetensors"))).toBe(false);
  });

  it("times out a server that does not answer", async () => {
    await expect(openCheckpoint(`${base}/slow.safetensors`, { cacheDirectory, progress: false, timeoutMs: 200 })).rejects.toMatchObject({ code: "CHECKPOINT_TIMEOUT" });
  });

  it("reports a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(openCheckpoint(`http://127.0.0.1:${port}/x.pth`, { cacheDirectory, progress: false })).rejects.toMatchObject({
      code: "CHECKPOINT_NETWORK",
      message: expect.stringContaining("refused"),
    });
  });

  it("downloads a tfjs model's shards relative to model.json", async () => {
    const reader = await openCheckpoint(`${base}/tfjs/model.json`, { cacheDirectory, progress: false });
    expect([...(await reader.read("steps"))]).toEqual([1, -2, 3]);
    expect(requests.sort()).toEqual(["/tfjs/group1-shard1of2.bin", "/tfjs/group1-shard2of2.bin", "/tfjs/group2-shard1of1.bin", "/tfjs/model.json"]);
    await reader.close();
  });

  it("draws a progress bar on stderr when asked (the default on a terminal)", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      await downloadCheckpoint(`${base}/files/progress.safetensors`, { cacheDirectory, progress: true });
    } finally {
      spy.mockRestore();
    }
    expect(written.join("")).toMatch(/\rDownloading progress\.safetensors \[#+\] 100% /);
    expect(written.at(-1)).toBe("\n");
  });

  it("reads the expected hash from torch-hub style names only", () => {
    expect(expectedHash(new URL("https://x/resnet18-f37072fd.pth"))).toBe("f37072fd");
    expect(expectedHash(new URL("https://x/resnet-18.pth"))).toBeUndefined();
    expect(() => expectedHash(new URL("https://x/a.pth"), "xyz")).toThrow(/hexadecimal/);
  });
});
