export { createNodeGpuBackend, NODE_GPU_TFJS_BACKEND, probeNodeGpuBinding } from "./create-node-gpu-backend";
export type { NodeGpuBackendOptions, NodeGpuBindingStatus } from "./create-node-gpu-backend";
export { importTfjsNodeGpu, loadTfjsNodeGpu, NODE_GPU_PACKAGE } from "./load-tfjs-node-gpu";
export type { NodeGpuLoader } from "./load-tfjs-node-gpu";
export { NODE_GPU_INSTALL_HINT } from "./node-gpu-install-hint";
