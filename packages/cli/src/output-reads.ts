import type { Backend } from "@initlib/initializers";

/** A backend whose reads can stop copying once nothing writes any more; see {@link withOutputReads}. */
export interface OutputReadsBackend<S> {
  /** The backend to initialize on: the given one, except that `read` follows {@link startOutputReads}. */
  readonly backend: Backend<S>;
  /**
   * From now on `read` returns the host storage itself (a `Float32Array`) rather than a copy. Call
   * it once initialization is over and the values are only read to be written out: a copy of every
   * parameter would otherwise double the memory the process touches (on a 537M-value model, 2 GiB
   * of fresh pages and a copy, which took longer than generating the values).
   */
  startOutputReads(): void;
}

/**
 * Wraps a host backend (storage is a plain `Float32Array`) for the CLI's `init`: the backend's
 * own checks and copies hold while the model is initialized (user code and the init session may
 * read a tensor and change what they got), and after {@link OutputReadsBackend.startOutputReads}
 * reads hand out the storage itself, for writing the weights file. The values are the same bits
 * either way; nothing may write into what is read after that point.
 * @example
 * const { backend, startOutputReads } = withOutputReads(createHostBackend());
 * await model.initWeights({ backend });
 * startOutputReads();
 */
export function withOutputReads<S>(host: Backend<S>): OutputReadsBackend<S> {
  let outputReads = false;
  const read = host.read.bind(host);
  const backend: Backend<S> = {
    ...host,
    read: (storage: S): Promise<Float32Array> => (outputReads && storage instanceof Float32Array ? Promise.resolve(storage) : read(storage)),
  };
  return {
    backend,
    startOutputReads: () => {
      outputReads = true;
    },
  };
}
