import { InitlibError } from "@initlib/registry";
import type { TfjsNamespace } from "@initlib/backend-tfjs";
import { loadOptionalModule } from "@initlib/backend-tfjs/internal";
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

/**
 * The pieces beyond the package itself that tfjs-node-gpu needs, recognized in the error it throws
 * (whether the package itself is installed, the shared loader recognizes).
 */
function missingNativePiece(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
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
  const loaded = await loadOptionalModule(load, NODE_GPU_PACKAGE, {
    adapter: "@initlib/backend-node-gpu",
    needed: 'backend "node-gpu" cannot start without its native TensorFlow binding',
    expected: `${NODE_GPU_PACKAGE} 4.22.0 with its native binding and libtensorflow 2.9.1 (GPU) in place`,
    install: NODE_GPU_INSTALL_HINT,
    missingPiece: missingNativePiece,
  });
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
