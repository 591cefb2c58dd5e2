import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Vulkan's software device from Debian's chromium package; the one software driver Dawn accepts. */
export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

/**
 * Makes WebGPU available in Node through Dawn (the `webgpu` package): installs its globals
 * (`GPUBufferUsage`, ...) and `navigator.gpu`, then asks for an adapter. Where no Vulkan driver is
 * configured and SwiftShader is installed, `VK_ICD_FILENAMES` points Dawn at it (Dawn reads the
 * variable when it creates its instance, so this happens before `create`). Without
 * `XDG_RUNTIME_DIR`, SwiftShader prints an error line; a private temporary one is set for the run.
 * @returns the adapter's description, e.g. `google swiftshader (SwiftShader driver 5.0.0)`
 * @example
 * const adapter = await installNavigatorGpu();
 * await import("@tensorflow/tfjs-backend-webgpu");
 */
export async function installNavigatorGpu(): Promise<string> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    const runtimeDirectory = mkdtempSync(join(tmpdir(), "initlib-runtime-"));
    process.env.XDG_RUNTIME_DIR = runtimeDirectory;
    process.once("exit", () => rmSync(runtimeDirectory, { recursive: true, force: true }));
  }
  let dawn: typeof import("webgpu");
  try {
    dawn = await import("webgpu");
  } catch (error) {
    throw new Error("the webgpu package (Dawn's Node bindings) could not be loaded; install it with `pnpm add webgpu@0.6.2`", { cause: error });
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    throw new Error(
      "WebGPU has no adapter here: Dawn found no usable Vulkan device. Install Debian's chromium and libvulkan1 " +
        `and set VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (SwiftShader), or run on a machine with a GPU driver; ` +
        "or use --backend cpu",
    );
  }
  const info = adapter.info;
  return [info.vendor, info.architecture, info.description ? `(${info.description})` : ""].filter(Boolean).join(" ") || "unknown adapter";
}
