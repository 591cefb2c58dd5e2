/** Bin counts of a sample over equal-width bins between its minimum and maximum. */
export interface Histogram {
  /** `bins + 1` increasing bin edges; bin `i` is `[edges[i], edges[i + 1])`, the last one closed. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/**
 * Counts `values` into `bins` equal-width bins spanning their range. A constant sample (all
 * values equal, e.g. a bias filled with 0) gets one bin of width 1 centred on the value, repeated.
 * Non-finite values are not counted.
 * @default bins 40
 * @example
 * histogram(new Float32Array([0, 1, 1, 2]), 2); // { edges: [0, 1, 2], counts: [1, 3] }
 */
export function histogram(values: ArrayLike<number>, bins = 40): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, received ${bins}`);
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low === Infinity) return { edges: Array.from({ length: bins + 1 }, (_, i) => i), counts: new Array<number>(bins).fill(0) };
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) continue;
    counts[Math.min(bins - 1, Math.floor((value - low) / width))]! += 1;
  }
  return { edges, counts };
}

/**
 * Mean and (population) standard deviation, accumulated in float64.
 * @example
 * moments(new Float32Array([1, 3])); // { mean: 2, std: 1 }
 */
export function moments(values: ArrayLike<number>): { mean: number; std: number } {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}
