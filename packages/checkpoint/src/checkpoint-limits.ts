import type { UnpickleLimits } from "./restricted-unpickler";
import type { ZipLimits } from "./zip-archive";

/**
 * Every cap the readers apply, configurable by the caller (`openCheckpoint(x, { limits })`); each
 * breach is a `CHECKPOINT_TOO_LARGE` refusal before the bytes it concerns are allocated. The
 * defaults and what each guards against are in the package README's limits table.
 */
export interface CheckpointLimits extends ZipLimits, UnpickleLimits {
  /** Largest safetensors header, in bytes. @default 100_000_000 */
  readonly maxHeaderBytes?: number;
  /** Largest JSON file read whole (a tfjs model.json, a sharded index), in bytes. @default 256 MiB for model.json, 64 MiB for an index */
  readonly maxJsonBytes?: number;
}
