// Runs in headless Chromium (test/browser-threads.test.ts): host generation spread over Web
// Workers, compared bit for bit with generation on the page's thread. Served with or without
// cross-origin isolation, so both shared memory and transfer are exercised.
import { createHostBackend, generateRuleValues, type FillRule } from "../src/index";
import { generateInParallel, GeneratorPool, loadWebAssemblyGenerator, MIN_ELEMENTS_PER_THREAD } from "../src/internal";
import type { BrowserThreadsResult } from "./browser-threads-result";

const rules: Record<string, Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>> = {
  uniform: { kind: "uniform", low: -1, high: 1 },
  normal: { kind: "normal", mean: 0, std: 0.02 },
  truncNormal: { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
};

async function run(): Promise<BrowserThreadsResult> {
  // Browser main threads refuse to compile large modules synchronously.
  await loadWebAssemblyGenerator();
  const elements = 6 * MIN_ELEMENTS_PER_THREAD + 5;
  const host = createHostBackend({ threads: 3 });
  const storage = host.allocate([elements]);
  const pool = new GeneratorPool();
  const firstDifference: Record<string, number> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const key = { seed: 11, path: `browser.${name}` };
    const expected = new Float32Array(elements);
    generateRuleValues(rule, key, 0, expected);
    await host.sample(storage, { rule, key });
    const viaPool = new Float32Array(elements);
    await generateInParallel(rule, key, 0, viaPool, { threads: 4, pool });
    const left = new Uint32Array(storage.buffer, storage.byteOffset, elements);
    const middle = new Uint32Array(viaPool.buffer);
    const right = new Uint32Array(expected.buffer);
    let first = -1;
    for (let i = 0; i < elements && first < 0; i++) if (left[i] !== right[i] || middle[i] !== right[i]) first = i;
    firstDifference[name] = first;
  }
  const result: BrowserThreadsResult = {
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    shared: typeof SharedArrayBuffer === "function" && storage.buffer instanceof SharedArrayBuffer,
    workers: pool.size,
    elements,
    firstDifference,
  };
  host.close();
  pool.close();
  return result;
}

const output = (globalThis as { document?: { getElementById(id: string): { textContent: string } | null } }).document?.getElementById("result");
run().then(
  (result) => {
    (globalThis as { initlibBrowserThreads?: unknown }).initlibBrowserThreads = result;
    if (output) output.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    (globalThis as { initlibBrowserThreads?: unknown }).initlibBrowserThreads = { error: String((error as Error)?.stack ?? error) };
  },
);
