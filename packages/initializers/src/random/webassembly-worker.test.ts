import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { generateRuleValues } from "./generate-rule-values";

// The embedded WebAssembly module must load without user action in a Web Worker as on a main thread;
// Node's worker_threads stand in for one (no shared state with the test's thread, own module graph).
function runInWorker(workerData: object, env: Record<string, string> = {}): Promise<{ engine: string; values: Float32Array }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("../../test/fixtures/random-worker-entry.mjs", import.meta.url), {
      workerData,
      execArgv: ["--conditions=@initlib/source"],
      env: { ...process.env, ...env },
    });
    worker.once("message", (message: { engine: string; values: Float32Array }) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe("the WebAssembly generator in a worker thread", () => {
  it("loads on first use with engine auto and gives the main thread's values", async () => {
    const rule = { kind: "normal", mean: 0, std: 0.02 } as const;
    const key = { seed: 5, path: "worker.weight" };
    const { engine, values } = await runInWorker({ rule, key, start: 3, length: 10_001 });
    expect(engine).toBe("webassembly");
    const expected = new Float32Array(10_001);
    generateRuleValues(rule, key, 3, expected, { engine: "webassembly" });
    expect(values).toEqual(expected);
  }, 60_000);

  it("without the module (INITLIB_DISABLE_WASM=1 in the worker), auto runs the JavaScript generator with the module's bits", async () => {
    const rule = { kind: "truncNormal", mean: 0, std: 0.02, low: -0.04, high: 0.04 } as const;
    const key = { seed: 5, path: "worker.weight" };
    const { engine, values } = await runInWorker({ rule, key, start: 3, length: 10_001 }, { INITLIB_DISABLE_WASM: "1" });
    expect(engine).toBe("javascript");
    const expected = new Float32Array(10_001);
    generateRuleValues(rule, key, 3, expected, { engine: "webassembly" });
    expect(values).toEqual(expected);
  }, 60_000);
});
