// "Load pretrained" on the built page, in headless Chromium: a sharded safetensors checkpoint by
// URL from a second local server (CORS, Range, a request log), a file from disk, failures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageResult } from "../src/web/page-result";
import { appRoot, chromiumPresent, distFolder, ensureBuilt, launchChromium, required } from "./browser-harness";
import { serveCheckpoint, type CheckpointServer } from "./checkpoint-server";
import { shardedCheckpoint, singleFileCheckpoint, type CheckpointFixture } from "./sharded-checkpoint";
import { serveFolder } from "./static-server";

const INDEX = "sharded/model.safetensors.index.json";

// The CPU backend keeps these runs short on a shared machine; WebGPU is covered by page.test.ts.
describe.runIf(chromiumPresent || required)("load pretrained, in headless Chromium", { timeout: 120_000 }, () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveFolder>>;
  let checkpoints: CheckpointServer;
  let fixture: CheckpointFixture;
  let page: Page;
  let scratch: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    fixture = shardedCheckpoint("sharded/");
    // Each GET waits a little, as over a real network, so the progress indicator can be seen.
    checkpoints = await serveCheckpoint({ ...fixture.files, ...shardedCheckpoint("prefixed/", "backbone.").files }, { delayMs: 120 });
    site = await serveFolder(distFolder);
    scratch = mkdtempSync(join(tmpdir(), "initlib-page-"));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${site.url}?backend=cpu`);
    await page.waitForFunction(() => (window.__initlibResult?.runId ?? 0) >= 1, undefined, { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await checkpoints?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const lastRunId = () => page.evaluate(() => window.__initlibResult?.runId ?? 0);
  async function nextResult(previous: number): Promise<PageResult> {
    await page.waitForFunction((id) => (window.__initlibResult?.runId ?? 0) > id, previous, { timeout: 60_000 });
    return page.evaluate(() => window.__initlibResult!);
  }
  async function reportCounts(): Promise<Record<string, number>> {
    const rows = await page.locator("#load-report tbody tr").evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.row!, Number((tr as HTMLElement).dataset.count)] as const));
    return Object.fromEntries(rows);
  }

  it("loads a sharded checkpoint by URL, fetching only the shards and byte ranges the network needs", async () => {
    const previous = await lastRunId();
    await page.fill("#checkpoint-url", checkpoints.url + INDEX);
    await page.click("#load-button");
    // The progress indicator shows while the shards arrive.
    await page.locator('#load-progress[data-state="downloading"]').waitFor({ state: "visible", timeout: 30_000 });
    expect(await page.locator("#load-progress-text").textContent()).toMatch(/^Downloading the checkpoint: \d+ of \d+ requests?, /);
    const result = await nextResult(previous);
    expect(result.state, result.error).toBe("ready");
    expect(result.loadReport).toMatchObject({ checkpoint: checkpoints.url + INDEX, unexpected: expect.arrayContaining(["extra.scale", "classifier.weight", "classifier.bias"]) });
    expect(result.loadReport!.converted).toEqual([{ key: "layers.6.weight", dtype: "float64" }]);
    expect(await reportCounts()).toEqual({ matched: 7, missing: 53, unexpected: 3, converted: 1, "shape mismatched": 0 });
    expect(await page.locator("#load-report-panel").isVisible()).toBe(true);
    expect(await page.locator("#load-progress").getAttribute("data-state")).toBe("done");

    // The server's log: the index, then shards 1 and 2 only; shard 3 holds nothing the MLP has.
    const gets = checkpoints.log.filter((entry) => entry.method === "GET");
    const paths = new Set(gets.map((entry) => entry.path));
    expect(paths).toEqual(new Set([`/${INDEX}`, "/sharded/model-00001-of-00003.safetensors", "/sharded/model-00002-of-00003.safetensors"]));
    expect(gets.every((entry) => entry.status === 200 || entry.status === 206)).toBe(true);
    // Shards are read by byte ranges: their headers and the needed tensors, never extra.scale.
    const shard2 = "sharded/model-00002-of-00003.safetensors";
    const ranges = gets.filter((entry) => entry.path === `/${shard2}`);
    expect(ranges.every((entry) => entry.status === 206 && entry.served !== undefined)).toBe(true);
    const unneeded = fixture.tensors["extra.scale"]!;
    for (const { served } of ranges) expect(served![1] < unneeded.start || served![0] >= unneeded.end, `range ${served!.join("-")} overlaps extra.scale`).toBe(true);
    // Below the header end: the format sniff, the header length and the header. Past it: exactly
    // the bytes of layers.6.weight, the one tensor of this shard the MLP takes.
    const headerEnd = fixture.headerEnds[shard2]!;
    const needed = fixture.tensors["layers.6.weight"]!;
    const data = ranges.filter(({ served }) => served![0] >= headerEnd).map(({ served }) => served!);
    expect(ranges.filter(({ served }) => served![0] < headerEnd).every(({ served }) => served![1] < headerEnd)).toBe(true);
    expect(data.reduce((total, [start, end]) => total + end - start + 1, 0)).toBe(needed.end - needed.start);
    expect(data.every(([start, end]) => start >= needed.start && end < needed.end)).toBe(true);
    // What the page counted is what the server sent.
    const fetches = checkpoints.log.filter((entry) => entry.method !== "OPTIONS");
    expect(result.download).toEqual({ requests: fetches.length, finished: fetches.length, receivedBytes: fetches.reduce((total, entry) => total + entry.bytes, 0), announcedBytes: expect.any(Number) });

    // The values arrived: layers.0.weight is spread evenly over [-0.5, 0.5), as written.
    await page.selectOption("#layer-select", "layers.0");
    await page.waitForFunction(() => window.__initlibResult?.histogram.layer === "layers.0");
    const { histogram } = await page.evaluate(() => window.__initlibResult!);
    expect(histogram.edges[0]).toBeCloseTo(-0.5, 6);
    expect(histogram.edges.at(-1)).toBeCloseTo(0.5, 3);
    const expected = (256 * 256) / histogram.counts.length;
    expect(Math.min(...histogram.counts)).toBeGreaterThan(expected * 0.95);
    expect(Math.max(...histogram.counts)).toBeLessThan(expected * 1.05);
    mkdirSync(join(appRoot, "test-results"), { recursive: true });
    await page.screenshot({ path: join(appRoot, "test-results", "page-pretrained.png"), fullPage: true });
  });

  it("takes only the keys under the prefix typed in the key prefix field", async () => {
    const before = checkpoints.log.length;
    const previous = await lastRunId();
    await page.fill("#checkpoint-url", `${checkpoints.url}prefixed/model.safetensors.index.json`);
    await page.fill("#checkpoint-prefix", "backbone");
    await page.click("#load-button");
    const result = await nextResult(previous);
    await page.fill("#checkpoint-prefix", "");
    expect(result.state, result.error).toBe("ready");
    // classifier.* is outside the prefix: neither loaded nor unexpected, and its shard is never fetched.
    expect(await reportCounts()).toEqual({ matched: 7, missing: 53, unexpected: 1, converted: 1, "shape mismatched": 0 });
    expect(result.loadReport!.unexpected).toEqual(["extra.scale"]);
    const paths = new Set(checkpoints.log.slice(before).map((entry) => entry.path));
    expect(paths.has("/prefixed/model-00003-of-00003.safetensors")).toBe(false);
    expect(paths.has("/prefixed/model-00002-of-00003.safetensors")).toBe(true);
  });

  it("loads a checkpoint file chosen from disk, without a request", async () => {
    const file = join(scratch, "mlp-head.safetensors");
    writeFileSync(file, singleFileCheckpoint());
    const requestsBefore = checkpoints.log.length;
    const previous = await lastRunId();
    await page.setInputFiles("#checkpoint-file", file);
    const result = await nextResult(previous);
    expect(result.state, result.error).toBe("ready");
    expect(result.checkpoint).toBe("mlp-head.safetensors");
    expect(await page.locator("#checkpoint-chosen").textContent()).toMatch(/^mlp-head\.safetensors \([\d,]+ bytes\)$/);
    expect(await reportCounts()).toEqual({ matched: 3, missing: 57, unexpected: 1, converted: 1, "shape mismatched": 0 });
    expect(result.loadReport!.converted).toEqual([{ key: "layers.2.weight", dtype: "float64" }]);
    expect(result.download).toBeUndefined();
    expect(await page.locator("#load-progress").isVisible()).toBe(false);
    expect(checkpoints.log.length).toBe(requestsBefore);
  });

  it("loads a checkpoint file dropped on the drop zone", async () => {
    const previous = await lastRunId();
    const base64 = Buffer.from(singleFileCheckpoint()).toString("base64");
    await page.evaluate((encoded) => {
      const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "dropped.safetensors"));
      const zone = document.querySelector("#checkpoint-drop")!;
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, cancelable: true, bubbles: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, cancelable: true, bubbles: true }));
    }, base64);
    const result = await nextResult(previous);
    expect(result.state, result.error).toBe("ready");
    expect(result.checkpoint).toBe("dropped.safetensors");
    expect(await reportCounts()).toEqual({ matched: 3, missing: 57, unexpected: 1, converted: 1, "shape mismatched": 0 });
  });

  it("labels both axes of every chart, with ticks", async () => {
    for (const chart of ["#std-chart", "#histogram-chart"]) {
      const axes = JSON.parse((await page.locator(chart).getAttribute("data-axes"))!) as Record<string, { title: string; ticks: string[] }>;
      expect(Object.keys(axes).sort(), chart).toEqual(["x", "y"]);
      for (const [id, axis] of Object.entries(axes)) {
        expect(axis.title, `${chart} ${id}`).not.toBe("");
        expect(axis.ticks.length, `${chart} ${id} ticks`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("a failed load clears the previous results and names the file", async () => {
    expect(await page.locator("#report-table tbody tr").count()).toBeGreaterThan(0);
    const previous = await lastRunId();
    await page.fill("#checkpoint-url", `${checkpoints.url}sharded/missing.safetensors.index.json`);
    await page.click("#load-button");
    const result = await nextResult(previous);
    expect(result.state).toBe("error");
    const message = page.locator("#config-error");
    expect(await message.isVisible()).toBe(true);
    const text = (await message.textContent())!;
    expect(text).toMatch(/^DeepNet\.initCfg\[1\]\.checkpoint: /);
    expect(text).toContain(`${checkpoints.url}sharded/missing.safetensors.index.json`);
    expect(text).toMatch(/can ?not be found|not found|404/i);
    expect(await page.locator("#status").textContent()).toMatch(/^Loading .*missing\.safetensors\.index\.json failed; nothing was initialized\.$/);
    expect(await page.locator("#report-table tbody tr").count()).toBe(0);
    expect(await page.locator("#load-report-panel").isVisible()).toBe(false);
    expect(await page.locator("#layer-select option").count()).toBe(0);
    expect(await page.locator("#std-summary").textContent()).toBe("");
    expect(await page.locator("#std-chart").getAttribute("data-values")).toBeNull();
    expect(await page.locator("#std-chart").getAttribute("data-runs")).toBeNull();
    expect(await page.locator("#histogram-chart").getAttribute("data-axes")).toBeNull();
  });

  it("shows the line and column of a JSON error in the config editor, and clears old results", async () => {
    let previous = await lastRunId();
    await page.selectOption("#preset-select", "xavier");
    await page.click("#run-button");
    expect((await nextResult(previous)).state).toBe("ready");
    previous = await lastRunId();
    await page.selectOption("#preset-select", "custom");
    await page.fill("#custom-config-input", '[\n  {"type": "Xavier",\n   "layer": Linear}\n]');
    await page.click("#run-button");
    const result = await nextResult(previous);
    expect(result.state).toBe("error");
    expect(await page.locator("#config-error").textContent()).toMatch(/^initCfg: not valid JSON \(.* at line 3, column 13\)$/);
    expect(await page.locator("#report-table tbody tr").count()).toBe(0);
    expect(await page.locator("#std-chart").getAttribute("data-values")).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it("lists WebGPU as unavailable, with the reason, where the browser has no navigator.gpu", async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "gpu", { get: () => undefined, configurable: true }));
    const bare = await context.newPage();
    await bare.goto(site.url);
    await bare.waitForFunction(() => window.__initlibResult?.state === "ready", undefined, { timeout: 60_000 });
    expect(await bare.evaluate(() => window.__initlibResult!.backend)).toBe("cpu");
    const option = bare.locator('#backend-select option[value="webgpu"]');
    expect(await option.isDisabled()).toBe(true);
    expect(await option.textContent()).toBe("WebGPU (unavailable)");
    expect(await option.getAttribute("title")).toMatch(/no navigator\.gpu/);
    expect(await bare.locator("#backend-select").inputValue()).toBe("cpu");
    expect(await bare.locator("#backend-note").textContent()).toMatch(/CPU backend, not WebGPU: this browser has no navigator\.gpu/);
    await context.close();
  });
});
