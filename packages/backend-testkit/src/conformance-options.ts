/**
 * Options of {@link runBackendConformance} and `describeBackendConformance`. Every field is optional;
 * the defaults are the contract a backend must meet.
 */
export interface BackendConformanceOptions {
  /**
   * Number of live allocations the backend holds right now (for tfjs: `() => tf.memory().numTensors`,
   * for WebGPU: live buffers). Without it the leak check is skipped with that reason.
   */
  readonly liveAllocations?: () => number | Promise<number>;
  /**
   * Recognizes the error a backend raises when a disposed storage is used. The contract asks for an
   * `InitlibError` of code `INITLIB_DISPOSED`; a backend that documents another error passes it here.
   * @default (error) => InitlibError.isInstance(error) && error.code === "INITLIB_DISPOSED"
   */
  readonly isDisposedError?: (error: unknown) => boolean;
  /**
   * Largest allowed difference between a device-sampled normal or truncated-normal value and the host
   * reference, in units of `std · max(1, |z|)` where `z` is the host value's standard score.
   * Uniform values must always be bit-identical.
   * @default 1e-4
   */
  readonly normalTolerance?: number;
  /**
   * Largest allowed difference between a backend's normal or truncated-normal value and the pinned
   * known answer (the WebAssembly host's bits), in units of `max(1, |z|)` (std 1, mean 0). Measured on
   * WebGPU (Dawn on SwiftShader) over 3·2^20 values per kind at the pinned keys: at most 2.5e-7 for
   * normal and 4.7e-7 for truncated normal; the JavaScript host generator stays within 4 ulp.
   * Uniform known answers are always bit for bit.
   * @default 1e-6
   */
  readonly knownAnswerTolerance?: number;
  /**
   * Element count of the parameter used for chunked generation; it must exceed the chunk size of
   * `writeRule` (and of the backend's own sampler, if it chunks).
   * @default 1_048_581 (2^20 + 5)
   */
  readonly largeElements?: number;
  /** Sample size of the statistical checks (moments and Kolmogorov–Smirnov). @default 131_072 */
  readonly statisticalSamples?: number;
  /** Allocate/write/dispose cycles of the leak check. @default 24 */
  readonly leakCycles?: number;
  /** Ids of checks to run (all when absent), e.g. `["round-trip", "dispose"]`. */
  readonly only?: readonly string[];
  /** Checks to skip, with the reason reported for each: `{ "leaks": "counted by the host" }`. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Called after each check with the backend it created (e.g. to release a device). */
  readonly teardown?: (backend: unknown) => void | Promise<void>;
}
