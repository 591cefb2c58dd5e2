import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/initlib.mjs", import.meta.url));
let server: Server;
let base: string;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "initlib-signals-"));
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-length": 1_000_000 });
    response.write(new Uint8Array(1000)); // then stall: the download is in progress when the signal comes
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number) =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split("\n").map(Number).filter((child) => child > 0);

describe("a signal during a download", () => {
  it("reaches the CLI behind the launcher, which exits and leaves no partial file in the cache", { timeout: 60_000 }, async () => {
    const cache = join(work, "cache");
    const model = join(work, "model.json");
    writeFileSync(
      model,
      JSON.stringify({
        class: "Net",
        base: "BaseModule",
        init_cfg: { type: "Pretrained", checkpoint: `${base}/big.safetensors` },
        children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 1, out_features: 1 } } }],
      }),
    );
    const launcher = spawn(process.execPath, [bin, "init", model], { cwd: work, env: { ...process.env, INITLIB_CACHE_DIR: cache }, stdio: "ignore" });
    const partFiles = () => {
      try {
        return readdirSync(cache, { recursive: true }).filter((name) => String(name).endsWith(".part"));
      } catch {
        return [];
      }
    };
    for (let attempt = 0; attempt < 400 && partFiles().length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(partFiles()).toHaveLength(1);
    const [cli] = childrenOf(launcher.pid!);
    expect(cli).toBeGreaterThan(0);
    launcher.kill("SIGTERM");
    const signal = await new Promise((resolve) => launcher.once("exit", (_code, exitSignal) => resolve(exitSignal)));
    expect(signal).toBe("SIGTERM");
    for (let attempt = 0; attempt < 100 && alive(cli!); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(cli!)).toBe(false);
    expect(partFiles()).toEqual([]);
  });
});
