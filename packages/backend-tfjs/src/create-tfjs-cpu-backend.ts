import { createTfjsBackend, type TfjsBackend, type TfjsBackendOptions } from "./create-tfjs-backend";
import { loadOptionalModule } from "./load-optional-module";
import type { TfjsNamespace } from "./tfjs-namespace";

/** Options of {@link createTfjsCpuBackend}: those of `createTfjsBackend` except the backend name. */
export type TfjsCpuBackendOptions = Omit<TfjsBackendOptions, "backendName">;

/**
 * The default backend everywhere: tfjs-backend-cpu. Imports `@tensorflow/tfjs-core` (unless `tf` is
 * given) and `@tensorflow/tfjs-backend-cpu` lazily, inside this call; importing the module registers
 * the `cpu` tfjs backend, and the factory makes it the active one with `tf.setBackend("cpu")`. That
 * is the one global change, and it happens only when this function is called.
 * @example
 * const backend = await createTfjsCpuBackend();
 * await model.initWeights({ backend, seed: 0 });
 */
export async function createTfjsCpuBackend(options: TfjsCpuBackendOptions = {}): Promise<TfjsBackend> {
  const tf: TfjsNamespace =
    options.tf ??
    (await loadOptionalModule(() => import("@tensorflow/tfjs-core"), "@tensorflow/tfjs-core", {
      needed: "the tfjs CPU backend runs on it",
      install: "npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0",
    }));
  await loadOptionalModule(() => import("@tensorflow/tfjs-backend-cpu"), "@tensorflow/tfjs-backend-cpu", {
    needed: "createTfjsCpuBackend() registers tfjs's CPU backend from it",
    install: "npm install @tensorflow/tfjs-backend-cpu@4.22.0 (same version as @tensorflow/tfjs-core)",
  });
  return createTfjsBackend({ ...options, tf, backendName: "cpu" });
}
