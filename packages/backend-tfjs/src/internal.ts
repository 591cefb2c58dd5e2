// `@initlib/backend-tfjs/internal`: the pieces every tfjs-based adapter shares (backend-webgpu and
// backend-node-gpu import them from here), written once so that the adapters cannot diverge.
// Not part of the stable API: names here may change in any release.
export { ChunkedWriteStaging } from "./chunked-write-staging";
export { isModuleNotFound, loadOptionalModule } from "./load-optional-module";
export type { OptionalModuleDetails } from "./load-optional-module";
export { validateShape, validateWrite } from "./validate-storage-arguments";
