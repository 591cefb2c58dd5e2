import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserThreadsResult } from "../browser-check/browser-threads-result";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumAvailable = existsSync(chromiumPath);
if (!chromiumAvailable) console.warn(`skipping the browser threads check: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);

const CONTENT_TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
// Cross-origin isolation: what a page needs for SharedArrayBuffer.
const ISOLATION_HEADERS = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

describe.skipIf(!chromiumAvailable)("host generation over Web Workers in headless Chromium", () => {
  let outDir: string;
  const servers: Server[] = [];
  const origins: Record<"isolated" | "plain", string> = { isolated: "", plain: "" };

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "initlib-browser-threads-"));
    const { build } = await import("vite");
    await build({
      root: fileURLToPath(new URL("../browser-check", import.meta.url)),
      configFile: false,
      logLevel: "error",
      resolve: { conditions: ["@initlib/source", "module", "browser", "import", "default"] },
      build: { outDir, emptyOutDir: true, target: "es2022", reportCompressedSize: false, chunkSizeWarningLimit: 8_000 },
    });
    for (const mode of ["isolated", "plain"] as const) {
      const server = createServer((request, response) => {
        const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
        const file = join(outDir, path === "/" ? "index.html" : path);
        if (!file.startsWith(outDir) || !existsSync(file)) {
          response.writeHead(404).end();
          return;
        }
        const headers = { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream", ...(mode === "isolated" ? ISOLATION_HEADERS : {}) };
        response.writeHead(200, headers);
        response.end(readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      origins[mode] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("gives the bits of one thread, in shared memory when isolated and by transfer otherwise", { timeout: 180_000 }, async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--headless=new", "--no-sandbox", "--no-first-run"] });
    try {
      for (const mode of ["isolated", "plain"] as const) {
        const page = await browser.newPage();
        const pageErrors: string[] = [];
        page.on("pageerror", (error) => pageErrors.push(error.message));
        await page.goto(`${origins[mode]}/`);
        await page.waitForFunction(() => (globalThis as { initlibBrowserThreads?: unknown }).initlibBrowserThreads !== undefined, undefined, { timeout: 120_000 });
        const result = (await page.evaluate(() => (globalThis as { initlibBrowserThreads?: unknown }).initlibBrowserThreads)) as BrowserThreadsResult | { error: string };
        if ("error" in result) throw new Error(`the page failed (${mode}): ${result.error}`);
        expect(result.crossOriginIsolated, mode).toBe(mode === "isolated");
        expect(result.shared, mode).toBe(mode === "isolated");
        expect(result.workers, mode).toBe(3);
        expect(result.firstDifference, mode).toEqual({ uniform: -1, normal: -1, truncNormal: -1 });
        expect(pageErrors).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
