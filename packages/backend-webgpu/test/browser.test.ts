import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserCheckResult } from "../browser-check/browser-check-result";
import { webGpuRequired } from "./webgpu-environment";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumAvailable = existsSync(chromiumPath);
if (!chromiumAvailable) {
  if (webGpuRequired) throw new Error(`REQUIRE_WEBGPU=1 but Chromium is missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`skipping the browser check: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

// The minimum that gives headless Chromium a WebGPU adapter, pinned to SwiftShader
// so the result is the same on a machine with a GPU.
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const CONTENT_TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

describe.skipIf(!chromiumAvailable)("the webgpu backend in headless Chromium", () => {
  let outDir: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "initlib-browser-check-"));
    const { build } = await import("vite");
    await build({
      root: fileURLToPath(new URL("../browser-check", import.meta.url)),
      configFile: false,
      logLevel: "error",
      // Workspace packages are bundled from their sources, so no package needs building first.
      resolve: { conditions: ["@initlib/source", "module", "browser", "import", "default"] },
      build: { outDir, emptyOutDir: true, target: "es2022", reportCompressedSize: false, chunkSizeWarningLimit: 8_000 },
    });
    server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
      const file = join(outDir, path === "/" ? "index.html" : path);
      if (!file.startsWith(outDir) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("passes the conformance kit and gives uniform bits identical to the host generator", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
    const pageErrors: string[] = [];
    try {
      const page = await browser.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as { initlibBrowserCheck?: unknown }).initlibBrowserCheck !== undefined, undefined, {
        timeout: 100_000,
      });
      const result = (await page.evaluate(() => (globalThis as { initlibBrowserCheck?: unknown }).initlibBrowserCheck)) as
        | BrowserCheckResult
        | { error: string };
      if ("error" in result) throw new Error(`the page failed: ${result.error}`);
      const failed = result.conformance.filter((check) => check.status === "failed");
      const passed = result.conformance.filter((check) => check.status === "passed");
      console.log(`browser adapter: ${result.adapter}`);
      console.log(`webgpu-browser: ${passed.length} passed, ${failed.length} failed`);
      expect(result.adapter).not.toBe("none");
      expect(failed.map((check) => `${check.id}: ${check.detail}`)).toEqual([]);
      expect(passed.length).toBeGreaterThan(10);
      expect(result.identity.mismatches).toEqual([]);
      expect(result.identity.elements).toBeGreaterThan(70_000);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
