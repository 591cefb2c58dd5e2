// What `#checkpoint-path` resolves to outside Node (the package's `browser` and `default`
// conditions): there is no working directory, so a path stays as written, and opening it fails in
// `@initlib/checkpoint` with a coded error that lists what a browser can load instead.
import type * as NodeCheckpointPath from "./checkpoint-path";

/**
 * Outside Node: the path as given (there is no working directory to resolve it against).
 * @example
 * await resolveCheckpointPath("weights/a.safetensors", undefined); // "weights/a.safetensors"
 */
export const resolveCheckpointPath: typeof NodeCheckpointPath.resolveCheckpointPath = async (path) => path;
