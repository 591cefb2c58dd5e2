import * as tf from "@tensorflow/tfjs-core";
import type { Parameter } from "@initlib/core";
import type { Backend } from "@initlib/initializers";
import { createTfjsBackend, isTfjsStorage, variableOf } from "@initlib/backend-tfjs";
import { createWebGpuBackend, type WebGpuParameter } from "@initlib/backend-webgpu";

/** The backends the page offers in its selector. */
export const BACKEND_KINDS = ["webgpu", "cpu"] as const;
/** One of {@link BACKEND_KINDS}. */
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** The initlib backend the page runs on, and the tfjs backend its forward pass uses. */
export interface BrowserBackend {
  readonly kind: BackendKind;
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
 * The page's two backends, started on first use and kept: tfjs-backend-webgpu with device-side
 * sampling, and tfjs CPU. {@link BrowserBackends.use} activates one in tfjs (the model of the other
 * must be disposed first: its tensors live on that backend).
 * @example
 * const backends = new BrowserBackends();
 * const reason = await backends.webGpuUnavailableReason; // "" when WebGPU can be used
 * const { backend, kind } = await backends.use("webgpu");
 */
export class BrowserBackends {
  /** "" when a WebGPU adapter is available, else why not (shown next to the selector). */
  readonly webGpuUnavailableReason: Promise<string> = probeWebGpu();
  private readonly started = new Map<BackendKind, Promise<Backend>>();
  private webGpuFailure: string | undefined;

  /** Activates `kind` in tfjs; WebGPU falls back to CPU with the reason when it cannot start. */
  async use(kind: BackendKind): Promise<BrowserBackend> {
    if (kind === "webgpu") {
      const reason = this.webGpuFailure ?? (await this.webGpuUnavailableReason);
      if (reason === "") {
        try {
          const backend = await this.start("webgpu");
          if (!(await tf.setBackend("webgpu"))) throw new Error("tf.setBackend('webgpu') returned false");
          return { kind: "webgpu", backend, tf, tensorOf };
        } catch (error) {
          this.started.delete("webgpu");
          this.webGpuFailure = `WebGPU failed to start: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      return this.cpu(this.webGpuFailure ?? reason);
    }
    // On CPU by choice only when WebGPU could have run; otherwise say why it could not.
    const unavailable = this.webGpuFailure ?? (await this.webGpuUnavailableReason);
    return this.cpu(unavailable === "" ? "the CPU backend is selected" : unavailable);
  }

  private async cpu(fallbackReason: string): Promise<BrowserBackend> {
    const backend = await this.start("cpu");
    await tf.setBackend("cpu");
    return { kind: "cpu", backend, tf, fallbackReason, tensorOf };
  }

  private start(kind: BackendKind): Promise<Backend> {
    let backend = this.started.get(kind);
    if (!backend) {
      backend = kind === "webgpu" ? startWebGpu() : startCpu();
      this.started.set(kind, backend);
    }
    return backend;
  }
}

async function startWebGpu(): Promise<Backend> {
  await import("@tensorflow/tfjs-backend-webgpu");
  if (!(await tf.setBackend("webgpu"))) throw new Error("tf.setBackend('webgpu') returned false");
  await tf.ready();
  return createWebGpuBackend({ tf });
}

async function startCpu(): Promise<Backend> {
  await import("@tensorflow/tfjs-backend-cpu");
  await tf.setBackend("cpu");
  await tf.ready();
  return createTfjsBackend({ tf });
}

/**
 * WebGPU (tfjs-backend-webgpu, random numbers generated on the device) when the browser offers an
 * adapter, else tfjs CPU with the reason. `preferred: "cpu"` skips WebGPU.
 * @example
 * const { kind, backend } = await setUpBrowserBackend("webgpu");
 */
export async function setUpBrowserBackend(preferred: BackendKind): Promise<BrowserBackend> {
  return new BrowserBackends().use(preferred);
}

/** "" when a WebGPU adapter is available, else why not. */
async function probeWebGpu(): Promise<string> {
  try {
    if (!("gpu" in navigator) || !navigator.gpu) return "this browser has no navigator.gpu (WebGPU is off or unsupported)";
    const adapter = await navigator.gpu.requestAdapter();
    return adapter ? "" : "navigator.gpu.requestAdapter() returned no adapter";
  } catch (error) {
    return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
