export { createWebGpuBackend } from "./create-webgpu-backend";
export type { TfNamespace, WebGpuBackend, WebGpuBackendOptions } from "./create-webgpu-backend";
export type { WebGpuParameter } from "./webgpu-parameter";
export { PhiloxSampleProgram, sampleUniforms } from "./sample-program";
export type { ProgramUniform } from "./sample-program";
export { philoxKeyWords } from "./philox-key-words";
export type { PhiloxKeyWords } from "./philox-key-words";
export { normalCdf } from "./normal-cdf";
