export { createWebGpuBackend } from "./create-webgpu-backend";
export type { TfNamespace, WebGpuBackend, WebGpuBackendOptions } from "./create-webgpu-backend";
export type { WebGpuParameter } from "./webgpu-parameter";
export { PhiloxSampleProgram, sampleUniforms } from "./sample-program";
export type { ProgramUniform } from "./sample-program";
export { PHILOX_WGSL } from "./philox-wgsl";
