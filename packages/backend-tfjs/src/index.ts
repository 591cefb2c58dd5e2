export { createTfjsBackend } from "./create-tfjs-backend";
export type { TfjsBackend, TfjsBackendOptions } from "./create-tfjs-backend";
export { createTfjsCpuBackend } from "./create-tfjs-cpu-backend";
export type { TfjsCpuBackendOptions } from "./create-tfjs-cpu-backend";
export { isTfjsStorage, variableOf } from "./tfjs-storage";
export type { TfjsStorage } from "./tfjs-storage";
export type { TfjsNamespace, TfjsVariable } from "./tfjs-namespace";
