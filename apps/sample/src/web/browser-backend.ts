import * as tf from "@tensorflow/tfjs-core";
import type { Parameter } from "@initlib/core";
import type { Backend } from "@initlib/initializers";
import { createTfjsBackend, isTfjsStorage, variableOf } from "@initlib/backend-tfjs";
import { createWebGpuBackend, type WebGpuParameter } from "@initlib/backend-webgpu";

/** The initlib backend the page runs on, and the tfjs backend its forward pass uses. */
export interface BrowserBackend {
  readonly kind: "webgpu" | "cpu";
  readonly backend: Backend;
  readonly tf: typeof tf;
  /** Why the page is not on WebGPU; shown as a visible note. */
  readonly fallbackReason?: string;
  /** The tfjs variable that holds a materialized parameter (no copy), for running ops on it. */
  tensorOf(parameter: Parameter): tf.Tensor | undefined;
}

function tensorOf(parameter: Parameter): tf.Tensor | undefined {
  const storage = parameter.storage;
  if (isTfjsStorage(storage)) return variableOf(storage);
  if (typeof storage === "object" && storage !== null && "variable" in storage) return (storage as WebGpuParameter).variable;
  return undefined;
}

/**
 * WebGPU (tfjs-backend-webgpu, random numbers generated on the device) when the browser offers an
 * adapter, else tfjs CPU with the reason. `preferred: "cpu"` (the page's `?backend=cpu`) skips WebGPU.
 * @example
 * const { kind, backend } = await setUpBrowserBackend("webgpu");
 */
export async function setUpBrowserBackend(preferred: "webgpu" | "cpu"): Promise<BrowserBackend> {
  let reason = "CPU was requested with ?backend=cpu";
  if (preferred === "webgpu") {
    try {
      reason = await tryWebGpu();
      if (reason === "") {
        await import("@tensorflow/tfjs-backend-webgpu");
        if (!(await tf.setBackend("webgpu"))) throw new Error("tf.setBackend('webgpu') returned false");
        await tf.ready();
        return { kind: "webgpu", backend: await createWebGpuBackend({ tf }), tf, tensorOf };
      }
    } catch (error) {
      reason = `WebGPU failed to start: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  await import("@tensorflow/tfjs-backend-cpu");
  await tf.setBackend("cpu");
  await tf.ready();
  return { kind: "cpu", backend: await createTfjsBackend({ tf }), tf, fallbackReason: reason, tensorOf };
}

/** "" when a WebGPU adapter is available, else why not. */
async function tryWebGpu(): Promise<string> {
  if (!("gpu" in navigator) || !navigator.gpu) return "this browser has no navigator.gpu (WebGPU is off or unsupported)";
  const adapter = await navigator.gpu.requestAdapter();
  return adapter ? "" : "navigator.gpu.requestAdapter() returned no adapter";
}
