import { InitlibError, describeValue } from "@initlib/registry";
import type { TfjsNamespace } from "@initlib/backend-tfjs";
import { NODE_GPU_INSTALL_HINT } from "./node-gpu-install-hint";

/** The package the adapter loads. */
export const NODE_GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";

/** Loads the `tf` namespace of tfjs-node-gpu; injectable so tests can wire the adapter to a stand-in. */
export type NodeGpuLoader = () => Promise<unknown>;

/**
 * The default loader: a dynamic import run inside the factory, so nothing loads before it is called.
 * The specifier is a variable on purpose: the package is an optional peer with a native addon, so
 * neither TypeScript nor a bundler should try to resolve it ahead of time.
 */
export const importTfjsNodeGpu: NodeGpuLoader = () => {
  const specifier: string = NODE_GPU_PACKAGE;
  return import(/* @vite-ignore */ specifier);
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : describeValue(error);
}

/** Why loading failed, in words, or `undefined` when the failure is not about a missing piece. */
function missingPiece(error: unknown): string | undefined {
  const message = messageOf(error);
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (
    message.includes(NODE_GPU_PACKAGE) &&
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /cannot find (module|package)|could not resolve|failed to (load|resolve)/i.test(message))
  ) {
    return `the package ${NODE_GPU_PACKAGE} is not installed`;
  }
  if (/tfjs_binding\.node|native addon/i.test(message)) {
    return `${NODE_GPU_PACKAGE} is installed but its native binding (tfjs_binding.node) is missing: its install script did not run or could not download libtensorflow`;
  }
  if (/libtensorflow/i.test(message)) {
    return "the native binding cannot load libtensorflow (the shared library its install script downloads)";
  }
  if (/lib(cudart|cublas|cudnn|cufft|curand|cusolver|cusparse)[^ ]*\.so/i.test(message)) {
    return "libtensorflow cannot find the CUDA/cuDNN shared libraries it was built against";
  }
  return undefined;
}

function looksLikeTfjs(value: unknown): value is TfjsNamespace {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ["variable", "tensor", "tidy", "setBackend", "findBackendFactory", "getBackend", "engine"].every(
    (name) => typeof candidate[name] === "function",
  );
}

/**
 * Loads tfjs-node-gpu through `load` and returns its `tf` namespace (the module itself, or its CJS
 * `default` export). A missing package, binding, libtensorflow or CUDA library becomes
 * `INITLIB_MISSING_CAPABILITY` saying exactly which, with {@link NODE_GPU_INSTALL_HINT}; any other
 * failure becomes `INITLIB_BACKEND_FAILURE`; the original error is the `cause` of both.
 * @example
 * const tf = await loadTfjsNodeGpu();
 */
export async function loadTfjsNodeGpu(load: NodeGpuLoader = importTfjsNodeGpu): Promise<TfjsNamespace> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    const missing = missingPiece(error);
    if (missing !== undefined) {
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", `backend "node-gpu" cannot start: the native TensorFlow binding of ${NODE_GPU_PACKAGE} is missing (${missing})`, {
        path: NODE_GPU_PACKAGE,
        received: messageOf(error).split("\n")[0],
        expected: `${NODE_GPU_PACKAGE} 4.22.0 with its native binding and libtensorflow 2.9.1 (GPU) in place`,
        hint: NODE_GPU_INSTALL_HINT,
        cause: error,
      });
    }
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `backend "node-gpu" cannot start: loading ${NODE_GPU_PACKAGE} failed`, {
      path: NODE_GPU_PACKAGE,
      received: messageOf(error).split("\n")[0],
      hint: "see the cause; reinstalling the package with its install script allowed often helps",
      cause: error,
    });
  }
  const namespace = looksLikeTfjs(loaded) ? loaded : (loaded as { default?: unknown } | null)?.default;
  if (!looksLikeTfjs(namespace)) {
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `backend "node-gpu": the loaded module is not a TensorFlow.js namespace`, {
      path: NODE_GPU_PACKAGE,
      received: loaded,
      expected: "a module exporting tfjs's API (variable, tensor, tidy, setBackend, ...)",
      hint: `check that ${NODE_GPU_PACKAGE} resolves to the real package`,
    });
  }
  return namespace;
}
