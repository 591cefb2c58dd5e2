// `@initlib/cli/streaming`: initialize a model straight to disk in Hugging Face's sharded
// safetensors layout within a memory budget, split the work over processes, and generate
// tensor-parallel slices of parameters. Node only (it writes files).
export { initToSafetensors } from "./init-to-safetensors";
export type { InitToSafetensorsOptions, StreamedOutput } from "./init-to-safetensors";
export { planStateTensors } from "./plan-state-tensors";
export type { PlannedStateTensor, StatePlan } from "./plan-state-tensors";
export { assignFilesToShards, parseShardSelection } from "./shard-selection";
export type { ShardEnvironment, ShardSelection } from "./shard-selection";
export { generateParameterSlice, sliceRuns, sliceShape, writeParameterSlice } from "./parameter-slice";
export type { ElementRun, ParameterSlice } from "./parameter-slice";
export { formatByteSize, parseByteSize } from "./byte-size";
export { MAX_CHUNK_ELEMENTS, MIN_CHUNK_ELEMENTS, MIN_MAX_MEMORY } from "./stream-limits";
export { loadModelFile } from "../load-model-file";
export type { LoadedModel } from "../load-model-file";
