import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TfNamespace } from "../src/index";

/** Whether the WebGPU suites may skip: `REQUIRE_WEBGPU=1` (CI) turns a missing GPU into a failure. */
export const webGpuRequired = process.env.REQUIRE_WEBGPU === "1";

export type NodeWebGpu =
  | { readonly available: true; readonly tf: TfNamespace; readonly adapter: string }
  | { readonly available: false; readonly reason: string };

let pending: Promise<NodeWebGpu> | undefined;

/**
 * Installs `navigator.gpu` from the `webgpu` package (Dawn) and activates tfjs's webgpu backend.
 * Resolves to the reason instead when Vulkan, SwiftShader or an adapter is missing; with
 * `REQUIRE_WEBGPU=1` that reason is thrown.
 */
export function setUpNodeWebGpu(): Promise<NodeWebGpu> {
  pending ??= probe().then((result) => {
    if (!result.available) {
      if (webGpuRequired) throw new Error(`REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${result.reason}`);
      console.warn(`skipping WebGPU tests: ${result.reason}`);
    }
    return result;
  });
  return pending;
}

async function probe(): Promise<NodeWebGpu> {
  // SwiftShader prints "XDG_RUNTIME_DIR is invalid or not set" otherwise.
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), "initlib-xdg-"));
  const icd = process.env.VK_ICD_FILENAMES;
  if (icd !== undefined && !existsSync(icd)) {
    return { available: false, reason: `VK_ICD_FILENAMES points at ${icd}, which does not exist (install Debian's chromium)` };
  }
  let webgpu: typeof import("webgpu");
  try {
    webgpu = await import("webgpu");
  } catch (error) {
    return { available: false, reason: `the 'webgpu' package (Dawn) did not load: ${String(error)}` };
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const holder = globalThis as { navigator?: { gpu?: unknown } };
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(holder.navigator, "gpu", { value: gpu, configurable: true });
  }
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    return {
      available: false,
      reason: "no WebGPU adapter (install libvulkan1 and chromium, and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)",
    };
  }
  const tf = await import("@tensorflow/tfjs-core");
  await import("@tensorflow/tfjs-backend-webgpu");
  tf.env().set("IS_TEST", true);
  if (!(await tf.setBackend("webgpu"))) return { available: false, reason: "tfjs could not start its webgpu backend" };
  const info = adapter.info;
  return { available: true, tf, adapter: `${info.vendor} ${info.architecture}`.trim() };
}
