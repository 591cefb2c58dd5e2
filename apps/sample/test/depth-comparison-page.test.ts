import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DepthSeries } from "../src/web/depth-comparison";
import { serveFolder } from "./static-server";

const appRoot = fileURLToPath(new URL("..", import.meta.url));
const distFolder = join(appRoot, "dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const required = process.env.REQUIRE_WEBGPU === "1";
const chromiumPresent = existsSync(chromiumPath);

function newestTime(path: string): number {
  const info = statSync(path);
  return info.isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newestTime(join(path, name)))) : info.mtimeMs;
}

/** Builds the page when its sources are newer than the build (as page.test.ts does). */
function ensureBuilt(): void {
  const builtIndex = join(distFolder, "index.html");
  const sourcesTime = Math.max(newestTime(join(appRoot, "src", "web")), newestTime(join(appRoot, "index.html")));
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sourcesTime) return;
  const result = spawnSync(process.execPath, [join(appRoot, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "error"], { cwd: appRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Opens the page on `backend`, clicks the comparison button and returns the plotted series. */
async function compareOn(page: Page, url: string, backend: "webgpu" | "cpu"): Promise<{ kind: string; series: DepthSeries[] }> {
  await page.goto(`${url}?backend=${backend}`);
  await page.waitForFunction(() => (window.__initlibResult?.runId ?? 0) >= 1, undefined, { timeout: 90_000 });
  await page.click("#depth-comparison-run");
  await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>("#depth-comparison-chart")?.dataset.series !== undefined, undefined, { timeout: 150_000 });
  const series = JSON.parse((await page.locator("#depth-comparison-chart").getAttribute("data-series"))!) as DepthSeries[];
  return { kind: await page.evaluate(() => window.__initlibResult!.backend), series };
}

describe.runIf(chromiumPresent || required)("the depth comparison panel in headless Chromium", { timeout: 300_000 }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    server = await serveFolder(distFolder);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("plots Kaiming, Fixup and LSUV over 50 layers on WebGPU, as on the CPU", async () => {
    const gpu = await compareOn(page, server.url, "webgpu");
    if (required) expect(gpu.kind).toBe("webgpu");
    const cpu = await compareOn(page, server.url, "cpu");
    expect(cpu.kind).toBe("cpu");
    for (const { series } of [gpu, cpu]) {
      expect(series.map((entry) => entry.std.length)).toEqual([50, 50, 50, 50]);
      const [, residual, fixup, lsuv] = series.map((entry) => entry.std);
      expect(residual!.at(-1)! / residual![1]!).toBeGreaterThan(1000);
      expect(Math.max(...fixup!.filter((_, index) => index % 2 === 1)) / Math.min(...fixup!.filter((_, index) => index % 2 === 1))).toBeLessThan(1 + 1e-5);
      for (const std of lsuv!) expect(Math.abs(std / 0.5838 - 1)).toBeLessThan(0.25);
    }
    // Same initlib weights and batch on both backends: the curves agree up to float arithmetic.
    gpu.series.forEach((entry, index) => {
      entry.std.forEach((std, depth) => expect(Math.abs(std / cpu.series[index]!.std[depth]! - 1), `${entry.id} at ${depth}`).toBeLessThan(0.02));
    });
    expect(await page.locator("#depth-comparison li").count()).toBe(4);
  });
});
