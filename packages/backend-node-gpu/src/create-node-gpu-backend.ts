import { createTfjsBackend, type TfjsBackend } from "@initlib/backend-tfjs";
import { InitlibError } from "@initlib/registry";
import { loadTfjsNodeGpu, NODE_GPU_PACKAGE, type NodeGpuLoader } from "./load-tfjs-node-gpu";
import { NODE_GPU_INSTALL_HINT } from "./node-gpu-install-hint";

/** Options of {@link createNodeGpuBackend}. */
export interface NodeGpuBackendOptions {
  /**
   * Loads the tfjs-node-gpu namespace. Tests inject a stand-in here to check the adapter's wiring.
   * @default () => import("@tensorflow/tfjs-node-gpu")
   */
  readonly load?: NodeGpuLoader;
  /**
   * Fail unless libtensorflow actually runs on a CUDA device. tfjs-node-gpu quietly computes on the
   * CPU when it finds no usable GPU; set this to make that an error.
   * @default false
   */
  readonly requireGpuDevice?: boolean;
  /** Name shown in errors and reports. @default "node-gpu" */
  readonly name?: string;
  /** Whether the variables are trainable. @default true */
  readonly trainable?: boolean;
}

/** The tfjs backend name tfjs-node and tfjs-node-gpu register. */
export const NODE_GPU_TFJS_BACKEND = "tensorflow";

/**
 * Creates an initlib backend on `@tensorflow/tfjs-node-gpu` (libtensorflow + CUDA). The package is a
 * peer dependency loaded lazily inside this call; importing it registers tfjs's `tensorflow` backend
 * and makes it active (tfjs-node-gpu's own import effect). Parameters are `tf.Variable`s on it,
 * exactly as with `createTfjsBackend({ tf, backendName: "tensorflow" })`, which does the work.
 *
 * When the native binding is absent the call fails with `INITLIB_MISSING_CAPABILITY`, saying which
 * piece is missing and how to install it (see {@link NODE_GPU_INSTALL_HINT}).
 * @example
 * const backend = await createNodeGpuBackend({ requireGpuDevice: true });
 * await model.initWeights({ backend, seed: 0 });
 */
export async function createNodeGpuBackend(options: NodeGpuBackendOptions = {}): Promise<TfjsBackend> {
  const tf = await loadTfjsNodeGpu(options.load);
  if (tf.findBackendFactory(NODE_GPU_TFJS_BACKEND) === null) {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `backend "node-gpu": ${NODE_GPU_PACKAGE} loaded but registered no "${NODE_GPU_TFJS_BACKEND}" tfjs backend`, {
      path: NODE_GPU_PACKAGE,
      received: Object.keys(tf.engine().registryFactory),
      expected: `the "${NODE_GPU_TFJS_BACKEND}" backend among the registered tfjs backends`,
      hint: NODE_GPU_INSTALL_HINT,
    });
  }
  const backend = await createTfjsBackend({
    tf,
    backendName: NODE_GPU_TFJS_BACKEND,
    name: options.name ?? "node-gpu",
    ...(options.trainable === undefined ? {} : { trainable: options.trainable }),
  });
  if (options.requireGpuDevice) {
    // NodeJSKernelBackend sets isUsingGpuDevice from the binding when it starts.
    const usingGpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice;
    if (usingGpu !== true) {
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", `backend "${backend.name}": libtensorflow found no usable CUDA device`, {
        path: "requireGpuDevice",
        received: usingGpu ?? "not reported by the tfjs backend",
        expected: "isUsingGpuDevice === true on the tensorflow backend",
        hint: "check nvidia-smi, the CUDA 11.2 / cuDNN 8.1 libraries on LD_LIBRARY_PATH and libtensorflow's log above; or drop requireGpuDevice to run on the CPU",
      });
    }
  }
  return backend;
}

/** Outcome of {@link probeNodeGpuBinding}. */
export type NodeGpuBindingStatus =
  | { readonly available: true }
  | { readonly available: false; readonly error: InitlibError };

/**
 * Whether tfjs-node-gpu loads here, without throwing: tests use it to run or skip (with the reason).
 * @example
 * const status = await probeNodeGpuBinding();
 * if (!status.available) console.warn(status.error.message);
 */
export async function probeNodeGpuBinding(load?: NodeGpuLoader): Promise<NodeGpuBindingStatus> {
  try {
    await loadTfjsNodeGpu(load);
    return { available: true };
  } catch (error) {
    if (InitlibError.isInstance(error)) return { available: false, error };
    throw error;
  }
}
