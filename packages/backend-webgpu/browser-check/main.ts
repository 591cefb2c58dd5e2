// The browser check: runs the backend conformance kit and the uniform bit-identity check against the
// host generator inside a page, on the browser's own WebGPU (SwiftShader in CI). test/browser.test.ts
// builds this page with Vite, serves it and reads `globalThis.initlibBrowserCheck`.
import { runBackendConformance } from "@initlib/backend-testkit";
import { generateRuleValues, type SampleRequest } from "@initlib/initializers";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgpu";
import { createWebGpuBackend } from "../src/index";
import type { BrowserCheckResult } from "./browser-check-result";

async function bitIdentity(): Promise<BrowserCheckResult["identity"]> {
  const backend = await createWebGpuBackend({ tf });
  const mismatches: string[] = [];
  let elements = 0;
  const sizes = [1, 3, 4, 5, 63, 65, 1000, 4097, 65_537];
  for (const [index, size] of sizes.entries()) {
    const request: SampleRequest = {
      rule: { kind: "uniform", low: -1 + index / 10, high: 1 + index },
      key: { seed: [0, 1, 2 ** 32 + 5, 2 ** 53 - 1][index % 4]!, path: ["w", "backbone.layer1.0.conv1.weight", "", "投影.bias"][index % 4]! },
    };
    const parameter = await backend.allocate([size]);
    await backend.sample(parameter, request);
    const device = new Uint32Array((await backend.read(parameter)).buffer);
    backend.dispose(parameter);
    const host = new Float32Array(size);
    generateRuleValues(request.rule, request.key, 0, host);
    const expected = new Uint32Array(host.buffer);
    const differing = expected.findIndex((bits, element) => bits !== device[element]);
    if (differing !== -1) mismatches.push(`${JSON.stringify(request)} size ${size}: first difference at ${differing}`);
    elements += size;
  }
  return { elements, mismatches };
}

async function run(): Promise<BrowserCheckResult> {
  await tf.setBackend("webgpu");
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<{ info: { vendor: string; architecture: string } } | null> } } }).navigator.gpu;
  const adapter = await gpu.requestAdapter();
  const report = await runBackendConformance(() => createWebGpuBackend({ tf }), { liveAllocations: () => tf.memory().numTensors });
  return {
    adapter: adapter === null ? "none" : `${adapter.info.vendor} ${adapter.info.architecture}`,
    conformance: report.results.map((result) => ({
      id: result.id,
      status: result.status,
      detail: result.status === "failed" ? String((result.error as Error)?.stack ?? result.error) : result.status === "skipped" ? result.reason : "",
    })),
    identity: await bitIdentity(),
  };
}

const holder = globalThis as unknown as { initlibBrowserCheck?: BrowserCheckResult | { error: string } };
run().then(
  (result) => {
    holder.initlibBrowserCheck = result;
  },
  (error: unknown) => {
    holder.initlibBrowserCheck = { error: String((error as Error)?.stack ?? error) };
  },
);
