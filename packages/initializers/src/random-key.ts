/**
 * The key of initlib's counter-based generator: a parameter's values depend only on the seed and
 * its dotted path (`backbone.conv1.weight`), never on construction order, other parameters,
 * chunking or the backend. Seed 0 is a valid seed. See `docs/rng.md` for the exact algorithm.
 */
export interface RandomKey {
  /** Non-negative integer below 2^53. */
  readonly seed: number;
  /** Dotted parameter path; hashed into the counter. */
  readonly path: string;
}
