/**
 * Host staging of writes at offsets, shared by the tfjs-based adapters. initlib writes large
 * parameters in chunks; uploading each chunk into a device tensor would cost O(n²) for n elements.
 * Instead the chunks patch one full-size host array, which the adapter uploads in one piece when
 * sequential chunks have covered the whole parameter, or before the parameter is read or used.
 *
 * The adapter owns the upload: {@link ChunkedWriteStaging.patch} returns the completed array,
 * the adapter uploads it, then calls {@link ChunkedWriteStaging.settle}, which empties the staging
 * only if no other write replaced the array meanwhile (an upload may await the device).
 * @example
 * const completed = await staging.patch(chunk, offset, () => readBack());
 * if (completed !== undefined) {
 *   upload(completed);
 *   staging.settle(completed);
 * }
 */
export class ChunkedWriteStaging {
  /** The full-size host copy that writes patch, or `null` when the device holds the current values. */
  values: Float32Array | null = null;
  /** End of the contiguous prefix written into `values`: a sequential chunked write completes at `size`. */
  prefix = 0;
  /** True while the device still holds the zeros it was allocated with (staging needs no readback). */
  pristine = true;

  constructor(
    /** Number of elements of the parameter. */
    readonly size: number,
  ) {}

  /**
   * Writes `values` at `offset` into the staging array, starting it from the current contents
   * (zeros while pristine, else `readCurrent()`). Returns the staging array when sequential writes
   * have completed it (still staged: upload it, then {@link ChunkedWriteStaging.settle}).
   */
  async patch(values: Float32Array, offset: number, readCurrent: () => Promise<Float32Array>): Promise<Float32Array | undefined> {
    if (this.values === null) {
      const current = this.pristine ? new Float32Array(this.size) : await readCurrent();
      // Another write may have started staging while the readback was awaited.
      if (this.values === null) {
        this.values = current;
        this.prefix = 0;
      }
    }
    this.pristine = false;
    this.values.set(values, offset);
    if (offset <= this.prefix) this.prefix = Math.max(this.prefix, offset + values.length);
    return this.prefix === this.size ? this.values : undefined;
  }

  /** After `uploaded` reached the device: empties the staging unless a later write replaced it. */
  settle(uploaded: Float32Array): void {
    if (this.values !== uploaded) return;
    this.values = null;
    this.prefix = 0;
  }

  /** The whole parameter is being replaced (whole write, fill, sample): staged writes are dropped. */
  replaced(): void {
    this.values = null;
    this.prefix = 0;
    this.pristine = false;
  }

  /** Frees the staging array (the parameter is disposed). */
  clear(): void {
    this.values = null;
    this.prefix = 0;
  }
}
