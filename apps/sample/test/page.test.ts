import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageResult } from "../src/web/page-result";
import { appRoot, chromiumPath, chromiumPresent, distFolder, ensureBuilt, launchChromium, required } from "./browser-harness";
import { serveFolder } from "./static-server";

if (!chromiumPresent && !required) {
  console.warn(`page.test.ts skipped: no Chromium at ${chromiumPath} (install Debian's chromium, or set CHROMIUM_PATH; REQUIRE_WEBGPU=1 makes this a failure)`);
}

// Software WebGPU on a shared 2-core machine: a run takes seconds, so each test gets a generous budget.
describe.runIf(chromiumPresent || required)("the web page in headless Chromium (SwiftShader WebGPU)", { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await serveFolder(distFolder);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    // The page initializes the default network once on load.
    await page.waitForFunction(() => (window.__initlibResult?.runId ?? 0) >= 1, undefined, { timeout: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function run(options: { network?: string; preset?: string; custom?: string }): Promise<PageResult> {
    const previous = await page.evaluate(() => window.__initlibResult?.runId ?? 0);
    if (options.network) await page.selectOption("#network-select", options.network);
    if (options.preset) await page.selectOption("#preset-select", options.preset);
    if (options.custom !== undefined) await page.fill("#custom-config-input", options.custom);
    await page.click("#run-button");
    await page.waitForFunction((id) => (window.__initlibResult?.runId ?? 0) > id, previous, { timeout: 90_000 });
    return page.evaluate(() => window.__initlibResult!);
  }

  it("runs on WebGPU, and Kaiming keeps the ReLU MLP's activation std within a factor 2 over depth", async () => {
    const result = await run({ network: "mlp", preset: "kaiming-fan-in" });
    expect(result.state, result.error).toBe("ready");
    if (required) expect(result.backend).toBe("webgpu");
    expect(result.activationStd.length).toBeGreaterThanOrEqual(25);
    const ratio = result.activationStd.at(-1)! / result.activationStd[0]!;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // A stable curve spans less than a decade; its log axis is still numbered.
    const axes = JSON.parse((await page.locator("#std-chart").getAttribute("data-axes"))!) as Record<string, { title: string; ticks: string[] }>;
    expect(axes.y!.ticks.length).toBeGreaterThanOrEqual(2);
    expect(axes.x!.ticks.length).toBeGreaterThanOrEqual(2);
    // The plotted values are the computed ones.
    const plotted = await page.locator("#std-chart").getAttribute("data-values");
    expect(JSON.parse(plotted!)).toEqual(result.activationStd);
    // The report table lists every parameter with MMEngine's info string.
    expect(result.report.length).toBe(await page.locator("#report-table tbody tr").count());
    expect(result.report.some((row) => row.info.startsWith("KaimingInit: a=0, mode=fan_in, nonlinearity=relu"))).toBe(true);
  });

  it("Normal std 0.01 collapses the activations by orders of magnitude", async () => {
    const result = await run({ network: "mlp", preset: "normal" });
    expect(result.state, result.error).toBe("ready");
    expect(result.activationStd.at(-1)! / result.activationStd[0]!).toBeLessThan(1e-6);
    expect(await page.locator("#std-summary").textContent()).toMatch(/vanish/);
    // Both runs are plotted on one axis for comparison.
    const runs = JSON.parse((await page.locator("#std-chart").getAttribute("data-runs"))!) as string[];
    expect(runs.slice(-2)).toEqual(["MLP · Kaiming (fan_in, relu)", "MLP · Normal (std 0.01)"]);
  });

  it("plots the weight histogram of the selected layer", async () => {
    const layers = await page.locator("#layer-select option").allTextContents();
    expect(layers.length).toBeGreaterThanOrEqual(25);
    await page.selectOption("#layer-select", { index: 3 });
    await page.waitForFunction(() => window.__initlibResult?.histogram.layer === document.querySelector<HTMLSelectElement>("#layer-select")!.value);
    const { histogram, report } = await page.evaluate(() => window.__initlibResult!);
    const weight = report.find((row) => row.name === `${histogram.layer}.weight`)!;
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(weight.shape.reduce((a, b) => a * b, 1));
  });

  it("runs the deep CNN: Kaiming keeps orders of magnitude more signal than Xavier", async () => {
    const kaiming = await run({ network: "cnn", preset: "kaiming-fan-in" });
    expect(kaiming.state, kaiming.error).toBe("ready");
    expect(kaiming.activationStd.length).toBeGreaterThanOrEqual(25);
    expect(kaiming.report.find((row) => row.name === "layers.0.weight")?.shape).toEqual([16, 3, 3, 3]);
    // Kaiming preserves the variance in expectation; with 16 channels the realized gain of each
    // layer is shared by every pixel, so the std drifts (the effective width is the channel count).
    const kaimingRatio = kaiming.activationStd.at(-1)! / kaiming.activationStd[0]!;
    expect(kaimingRatio).toBeGreaterThan(0.01);
    expect(kaimingRatio).toBeLessThan(4);
    // Xavier (gain 1, fan_in = fan_out) halves the variance at every ReLU layer: ~2^(-29/2) in std.
    const xavier = await run({ preset: "xavier" });
    const xavierRatio = xavier.activationStd.at(-1)! / xavier.activationStd[0]!;
    expect(xavierRatio).toBeLessThan(1e-3);
    expect(kaimingRatio / xavierRatio).toBeGreaterThan(100);
  });

  it("shows initlib's validation message for a bad custom config, inline", async () => {
    const result = await run({ network: "mlp", preset: "custom", custom: '[{"type": "Kaiminng", "layer": "Linear"}]' });
    expect(result.state).toBe("error");
    const message = page.locator("#config-error");
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toMatch(/Kaiminng[\s\S]*Kaiming/);
    const twoSpellings = await run({ custom: '{"type": "Kaiming", "bias_prob": 0.01, "biasProb": 0.01, "layer": "Linear"}' });
    expect(twoSpellings.state).toBe("error");
    expect(await message.textContent()).toMatch(/initCfg\[0\]\.biasProb: .*both 'bias_prob' and 'biasProb'/);
    const syntax = await run({ custom: '{"type": "Xavier",, "layer": "Linear"}' });
    expect(syntax.state).toBe("error");
    expect(await message.textContent()).toMatch(/not valid JSON .* line 1, column 19/);
  });

  it("runs a valid custom config and saves a screenshot", async () => {
    const result = await run({ custom: '{"type": "Kaiming", "mode": "fan_in", "layer": ["Linear"], "bias": 0.0}' });
    expect(result.state, result.error).toBe("ready");
    expect(await page.locator("#config-error").isVisible()).toBe(false);
    mkdirSync(join(appRoot, "test-results"), { recursive: true });
    await page.screenshot({ path: join(appRoot, "test-results", "page.png"), fullPage: true });
    expect(existsSync(join(appRoot, "test-results", "page.png"))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("switches between WebGPU and CPU with the backend selector, and says when it is on CPU", async () => {
    const select = async (kind: string): Promise<PageResult> => {
      const previous = await page.evaluate(() => window.__initlibResult?.runId ?? 0);
      await page.selectOption("#backend-select", kind);
      await page.waitForFunction((id) => (window.__initlibResult?.runId ?? 0) > id, previous, { timeout: 90_000 });
      return page.evaluate(() => window.__initlibResult!);
    };
    const onCpu = await select("cpu");
    expect(onCpu.state, onCpu.error).toBe("ready");
    expect(onCpu.backend).toBe("cpu");
    expect(await page.locator("#backend-note").textContent()).toMatch(/CPU backend, not WebGPU: the CPU backend is selected/);
    const back = await select("webgpu");
    expect(back.state, back.error).toBe("ready");
    // The same seed gives the same weights on either backend, so the curves agree closely.
    expect(back.activationStd.at(-1)! / onCpu.activationStd.at(-1)!).toBeCloseTo(1, 1);
    if (required || back.backend === "webgpu") {
      expect(back.backend).toBe("webgpu");
      expect(await page.locator("#backend-note").isVisible()).toBe(false);
    }
  });

  it("falls back to tfjs CPU with a visible note when WebGPU is not used", async () => {
    const cpuPage = await browser.newPage();
    await cpuPage.goto(`${server.url}?backend=cpu`);
    await cpuPage.waitForFunction(() => window.__initlibResult?.state === "ready" || window.__initlibResult?.state === "error", undefined, { timeout: 90_000 });
    const result = await cpuPage.evaluate(() => window.__initlibResult!);
    expect(result.backend).toBe("cpu");
    expect(await cpuPage.locator("#backend-note").isVisible()).toBe(true);
    expect(await cpuPage.locator("#backend-note").textContent()).toMatch(/CPU/);
    await cpuPage.close();
  });
});
