import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHostBackend } from "../host-backend";
import { writeRule } from "../write-rule";
import { defaultThreadCount, loadAvailableParallelism, resolveThreadCount } from "./thread-count";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("thread count", () => {
  it("defaults to the available cores, or INITLIB_THREADS when set", async () => {
    vi.stubEnv("INITLIB_THREADS", "");
    await loadAvailableParallelism();
    expect(defaultThreadCount()).toBe(availableParallelism());
    vi.stubEnv("INITLIB_THREADS", " 3 ");
    expect(defaultThreadCount()).toBe(3);
    expect(resolveThreadCount(undefined, "options.threads")).toBe(3);
    expect(resolveThreadCount(5, "options.threads")).toBe(5);
  });

  it("rejects a bad INITLIB_THREADS with INITLIB_BAD_ARGUMENT naming the variable", () => {
    for (const value of ["0", "two", "1.5", "-1", "1000"]) {
      vi.stubEnv("INITLIB_THREADS", value);
      expect(() => defaultThreadCount()).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT", path: "INITLIB_THREADS", received: value }));
    }
  });

  it("a bad INITLIB_THREADS fails host generation even for a parameter too small for threads", async () => {
    vi.stubEnv("INITLIB_THREADS", "many");
    const host = createHostBackend();
    const storage = host.allocate([4]);
    const request = { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 0, path: "w" } } as const;
    expect(() => host.sample(storage, request)).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT", path: "INITLIB_THREADS" }));
    await expect(writeRule({ ...host, sample: undefined }, storage, [4], request.rule, request.key)).rejects.toMatchObject({ path: "INITLIB_THREADS" });
  });
});

describe("idle workers", () => {
  it("never keep a Node process alive: a script that fills in parallel and never closes exits", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const script = [
      'import { createHostBackend } from "./src/index.ts";',
      "const host = createHostBackend({ threads: 3 });",
      "const storage = host.allocate([3 << 19]);",
      'await host.sample(storage, { rule: { kind: "uniform", low: 0, high: 1 }, key: { seed: 0, path: "w" } });',
      "console.log(storage.buffer.constructor.name, storage[storage.length - 1] > 0);",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--conditions=@initlib/source", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("SharedArrayBuffer true");
    expect(child.status).toBe(0);
  });
});
