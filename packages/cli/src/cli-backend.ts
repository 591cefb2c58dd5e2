import type { Backend } from "@initlib/initializers";
import type { BackendName } from "./parse-arguments";
import { installNavigatorGpu } from "./install-navigator-gpu";
import { withOutputReads } from "./output-reads";

/** A backend the CLI runs on, with a description for its output. */
export interface CliBackend {
  readonly backend: Backend;
  /** e.g. `tfjs cpu` or `webgpu (google swiftshader ...)`. */
  readonly description: string;
  /**
   * Called once initialization is over: later reads may return the storage itself rather than a
   * copy (the host backend), since the values are only written out. Absent where reads always copy.
   */
  readonly startOutputReads?: () => void;
}

/**
 * Creates the backend `--backend` names. `host` (the default) is initlib's own: parameters are
 * Float32Arrays filled by the WebAssembly generator on every core (`INITLIB_THREADS`), with no
 * framework in between, which is all `init` needs to write a file; `cpu` is tfjs-backend-cpu;
 * `webgpu` runs tfjs-backend-webgpu on Dawn in Node (`navigator.gpu` installed first); `node-gpu`
 * is tfjs-node-gpu, whose adapter explains what is missing when the native binding is absent.
 * Every tfjs package is imported here, lazily, so `--help` and argument errors stay fast.
 * @example
 * const { backend } = await createCliBackend("host");
 */
export async function createCliBackend(name: BackendName): Promise<CliBackend> {
  if (name === "host") {
    const { createHostBackend, defaultThreadCount } = await import("@initlib/initializers");
    const { backend, startOutputReads } = withOutputReads(createHostBackend());
    return { backend, description: `host (${defaultThreadCount()} threads)`, startOutputReads };
  }
  if (name === "node-gpu") {
    const { createNodeGpuBackend } = await import("@initlib/backend-node-gpu");
    const backend = await createNodeGpuBackend();
    return { backend, description: "tfjs-node-gpu (tensorflow)" };
  }
  const tf = await import("@tensorflow/tfjs-core");
  // tfjs-backend-cpu greets Node users with a banner on stderr; PROD silences it (and debug checks).
  tf.env().set("PROD", true);
  if (name === "webgpu") {
    const adapter = await installNavigatorGpu();
    const { createWebGpuBackend } = await import("@initlib/backend-webgpu");
    await import("@tensorflow/tfjs-backend-webgpu");
    const backend = await createWebGpuBackend({ tf, setBackend: true });
    return { backend, description: `webgpu (${adapter})` };
  }
  const { createTfjsCpuBackend } = await import("@initlib/backend-tfjs");
  return { backend: await createTfjsCpuBackend(), description: "tfjs cpu" };
}
