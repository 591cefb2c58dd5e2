import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckpointError, downloadCheckpoint, encodeSafetensors, openCheckpoint } from "../src/index";
import { fixture, fixtureBytes } from "./fixtures";

const genuine = encodeSafetensors({ w: { data: new Float32Array([1, 2, 3]), shape: [3] } });
const genuineHash = createHash("sha256").update(genuine).digest("hex");
const requests: string[] = [];
const otherRequests: string[] = [];
let server: Server;
let other: Server;
let base: string;
let otherBase: string;
let scratch: string;
let cacheDirectory: string;

/** A model.json whose first shard path is `firstPath` (the rest as in the fixture). */
const manifestWith = (firstPath: string) => {
  const model = JSON.parse(new TextDecoder().decode(fixtureBytes("tfjs/model.json")));
  model.weightsManifest[0].paths[0] = firstPath;
  return JSON.stringify(model);
};

beforeAll(async () => {
  other = createServer((request, response) => {
    otherRequests.push(request.url ?? "/");
    response.end("evil");
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  server = createServer((request, response) => {
    const url = request.url ?? "/";
    requests.push(url);
    if (url.startsWith("/files/")) {
      response.writeHead(200, { "content-length": genuine.length });
      response.end(genuine);
    } else if (url === "/m/absolute/model.json") response.end(manifestWith(`${otherBase}/evil.bin`));
    else if (url === "/m/parent/model.json") response.end(manifestWith("../escape.bin"));
    else if (url === "/m/encoded/model.json") response.end(manifestWith("%2e%2e/escape.bin"));
    else if (url === "/m/rooted/model.json") response.end(manifestWith("/escape.bin"));
    else if (url === "/stall.safetensors") {
      response.writeHead(200, { "content-length": genuine.length });
      response.write(genuine.subarray(0, 10)); // headers and a few bytes, then nothing
    } else if (url === "/bad-location") {
      response.writeHead(302, { location: "http://[::1" });
      response.end();
    } else if (url === "/file-location") {
      response.writeHead(302, { location: "file:///etc/passwd" });
      response.end();
    } else {
      response.writeHead(500);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const each of [server, other]) {
    each.closeAllConnections();
    await new Promise((resolve) => each.close(resolve));
  }
});
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "initlib-hostile-"));
  cacheDirectory = join(scratch, "cache");
  requests.length = 0;
  otherRequests.length = 0;
  return () => rmSync(scratch, { recursive: true, force: true });
});

const failure = async (action: () => Promise<unknown>) => {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(CheckpointError.isInstance(error), String(error)).toBe(true);
  return error as CheckpointError;
};
const partFiles = () => (existsSync(cacheDirectory) ? readdirSync(cacheDirectory, { recursive: true }).filter((name) => String(name).endsWith(".part")) : []);

describe("files a checkpoint names stay inside its directory", () => {
  it("refuses a tfjs shard that is a symbolic link to a file outside the model's directory", async () => {
    const model = join(scratch, "model");
    cpSync(dirname(fixture("tfjs/model.json")), model, { recursive: true });
    mkdirSync(join(scratch, "outside"));
    writeFileSync(join(scratch, "outside", "secret.bin"), fixtureBytes("tfjs/group1-shard1of2.bin"));
    rmSync(join(model, "group1-shard1of2.bin"));
    symlinkSync(join("..", "outside", "secret.bin"), join(model, "group1-shard1of2.bin"));
    const error = await failure(() => openCheckpoint(join(model, "model.json")));
    expect(error.code).toBe("CHECKPOINT_UNSAFE_PATH");
    expect(error.message).toContain("group1-shard1of2.bin");
  });

  it("still follows a symbolic link that stays inside the model's directory", async () => {
    const model = join(scratch, "model");
    cpSync(dirname(fixture("tfjs/model.json")), model, { recursive: true });
    mkdirSync(join(model, "blobs"));
    cpSync(join(model, "group1-shard1of2.bin"), join(model, "blobs", "a.bin"));
    rmSync(join(model, "group1-shard1of2.bin"));
    symlinkSync(join("blobs", "a.bin"), join(model, "group1-shard1of2.bin"));
    const reader = await openCheckpoint(join(model, "model.json"));
    expect(reader.keys().length).toBeGreaterThan(0);
    await reader.close();
  });

  it.each(["absolute", "parent", "encoded", "rooted"])("refuses a remote manifest's %s shard path before any request", async (kind) => {
    const error = await failure(() => openCheckpoint(`${base}/m/${kind}/model.json`, { cacheDirectory, progress: false }));
    expect(error.code).toBe("CHECKPOINT_UNSAFE_PATH");
    expect(otherRequests).toEqual([]);
    expect(requests).toEqual([`/m/${kind}/model.json`]);
  });
});

describe("the download cache", () => {
  it.each(["http://../w.safetensors", "http://%2e%2e/w.safetensors", "http://a%2f..%2f..%2fb/w.safetensors"])(
    "creates nothing outside the cache root for %s",
    async (url) => {
      await downloadCheckpoint(url, { cacheDirectory, progress: false, connectTimeoutMs: 2_000 }).catch(() => undefined);
      expect(readdirSync(scratch)).toEqual(existsSync(cacheDirectory) ? ["cache"] : []);
    },
  );

  it("is private, and keyed by a hash of the URL only", async () => {
    const path = await downloadCheckpoint(`${base}/files/w.safetensors`, { cacheDirectory, progress: false });
    expect(statSync(cacheDirectory).mode & 0o777).toBe(0o700);
    expect(path.startsWith(cacheDirectory)).toBe(true);
    expect(path).not.toContain("127.0.0.1");
  });

  it("verifies a pinned file on every cache hit and replaces one altered on disk", async () => {
    const url = `${base}/files/pinned.safetensors`;
    const path = await downloadCheckpoint(url, { cacheDirectory, sha256: genuineHash, progress: false });
    writeFileSync(path, "tampered");
    const again = await downloadCheckpoint(url, { cacheDirectory, sha256: genuineHash, progress: false });
    expect(createHash("sha256").update(readFileSync(again)).digest("hex")).toBe(genuineHash);
    expect(requests.filter((request) => request === "/files/pinned.safetensors")).toHaveLength(2);
  });

  it("does not let bytes cached by an unpinned run satisfy a later pinned run", async () => {
    const url = `${base}/files/unpinned.safetensors`;
    const path = await downloadCheckpoint(url, { cacheDirectory, progress: false });
    writeFileSync(path, "tampered");
    const pinned = await downloadCheckpoint(url, { cacheDirectory, sha256: genuineHash, progress: false });
    expect(createHash("sha256").update(readFileSync(pinned)).digest("hex")).toBe(genuineHash);
  });
});

describe("the network", () => {
  it("times out a server that sends headers and then stalls, leaving no partial file", async () => {
    const error = await failure(() => downloadCheckpoint(`${base}/stall.safetensors`, { cacheDirectory, progress: false, idleTimeoutMs: 300 }));
    expect(error.code).toBe("CHECKPOINT_TIMEOUT");
    expect(partFiles()).toEqual([]);
  });

  it("aborts on an AbortSignal, leaving no partial file", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 200);
    const error = await failure(() => downloadCheckpoint(`${base}/stall.safetensors`, { cacheDirectory, progress: false, signal: controller.signal }));
    expect(error.message).toMatch(/aborted/);
    expect(partFiles()).toEqual([]);
  });

  it("answers a malformed or non-http redirect with a coded error instead of crashing", async () => {
    expect((await failure(() => downloadCheckpoint(`${base}/bad-location`, { cacheDirectory, progress: false }))).code).toBe("CHECKPOINT_HTTP");
    expect((await failure(() => downloadCheckpoint(`${base}/file-location`, { cacheDirectory, progress: false }))).code).toBe("CHECKPOINT_HTTP");
  });

  it("never prints the credentials of a URL", async () => {
    const url = `${base.replace("http://", "http://alice:hunter2@")}/server-error.safetensors?token=s3cret&x=1`;
    const error = await failure(() => downloadCheckpoint(url, { cacheDirectory, progress: false }));
    expect(error.message).not.toMatch(/hunter2|s3cret|alice/);
    expect(error.message).toContain("server-error.safetensors");
  });

  it("removes the partial file when the process is terminated mid-download", async () => {
    const source = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    const script = `import { downloadCheckpoint } from ${JSON.stringify(source)};
      process.stdout.write("started\\n");
      await downloadCheckpoint(${JSON.stringify(`${base}/stall.safetensors`)}, { cacheDirectory: ${JSON.stringify(cacheDirectory)}, progress: false });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    for (let attempt = 0; attempt < 100 && partFiles().length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(partFiles()).toHaveLength(1);
    child.kill("SIGTERM");
    const signal = await new Promise((resolve) => child.once("exit", (_code, exitSignal) => resolve(exitSignal)));
    expect(signal).toBe("SIGTERM");
    expect(partFiles()).toEqual([]);
  });
});

describe("inputs that are not regular files", () => {
  it("refuses a FIFO without waiting for a writer", { timeout: 10_000 }, async () => {
    const fifo = join(scratch, "weights.safetensors");
    execFileSync("mkfifo", [fifo]);
    const error = await failure(() => openCheckpoint(fifo));
    expect(error.message).toMatch(/not a regular file/);
  });

  it("refuses a directory", async () => {
    expect((await failure(() => openCheckpoint(scratch))).message).toMatch(/not a regular file|directory/);
  });
});
