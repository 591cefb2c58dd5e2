import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";

/** The stand-in's kernel backend: tfjs's CPU backend plus the flag NodeJSKernelBackend reports. */
class StandInTensorflowBackend extends MathBackendCPU {
  isUsingGpuDevice = false;
}

const device = new StandInTensorflowBackend();

/**
 * A STAND-IN for tfjs-node-gpu, for testing this adapter's wiring only: the real tfjs-core namespace
 * with tfjs's CPU kernels registered under the backend name "tensorflow", as importing
 * tfjs-node-gpu registers its libtensorflow backend. It proves nothing about libtensorflow or CUDA.
 */
export function standInTfjsNodeGpu(options: { readonly usingGpuDevice?: boolean } = {}): typeof tf {
  tf.env().set("IS_TEST", true);
  if (tf.findBackendFactory("tensorflow") === null) {
    for (const kernel of tf.getKernelsForBackend("cpu")) tf.registerKernel({ ...kernel, backendName: "tensorflow" });
    tf.registerBackend("tensorflow", () => device, 3);
  }
  device.isUsingGpuDevice = options.usingGpuDevice ?? false;
  return tf;
}
