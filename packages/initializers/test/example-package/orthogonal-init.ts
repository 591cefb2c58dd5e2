import { BaseInit, type BaseInitArgs, type FillRule, formatPythonValue, generateRuleValues, type ParamLike } from "@initlib/initializers";

/** Arguments of {@link OrthogonalInit} (`{ type: 'acme.Orthogonal', ... }`). */
export interface OrthogonalInitArgs extends BaseInitArgs {
  /** Scale of the orthogonal matrix. @default 1 */
  gain?: number;
  /** Seed of the Gaussian matrix that is orthogonalised. @default 0 */
  seed?: number;
}

/**
 * `torch.nn.init.orthogonal_` as a third-party initializer: the weight, flattened to
 * (rows = shape[0], cols = the rest), becomes a (semi-)orthogonal matrix times `gain`: the Q of a QR
 * decomposition (modified Gram–Schmidt, so R's diagonal is positive, torch's sign convention) of a
 * Gaussian matrix drawn with initlib's generator.
 */
export class OrthogonalInit extends BaseInit {
  static override readonly initializerName = "OrthogonalInit";
  static override readonly argumentNames = [...BaseInit.argumentNames, "gain", "seed"];

  readonly gain: number;
  readonly seed: number;
  #planned = 0;

  constructor(args: OrthogonalInitArgs = {}) {
    super(args);
    const reader = this.readArguments(args);
    this.gain = reader.number("gain", { default: 1 });
    this.seed = reader.number("seed", { default: 0, min: 0 });
  }

  override get info(): string {
    return `${this.initializerName}: gain=${formatPythonValue(this.gain)}, bias=${formatPythonValue(this.bias)}`;
  }

  weightRule(weight: ParamLike): FillRule {
    const rows = weight.shape[0] ?? 0;
    const count = weight.shape.reduce((product, size) => product * size, 1);
    const columns = rows === 0 ? 0 : count / rows;
    // Each weight planned by this instance draws its own Gaussian matrix.
    const path = `acme.Orthogonal#${(this.#planned += 1)}`;
    const { gain, seed } = this;
    return {
      kind: "values",
      source: `${path} (seed ${seed})`,
      load: async () => orthogonalMatrix(rows, columns, gain, { seed, path }),
    };
  }
}

/** A rows × columns (semi-)orthogonal matrix, row-major, scaled by `gain`. */
export function orthogonalMatrix(rows: number, columns: number, gain: number, key: { seed: number; path: string }): Float32Array {
  const gaussian = new Float32Array(rows * columns);
  generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, 0, gaussian);
  // Orthogonalise the columns of the tall orientation (m ≥ n), as torch transposes wide matrices.
  const transpose = rows < columns;
  const m = transpose ? columns : rows;
  const n = transpose ? rows : columns;
  const at = (i: number, j: number) => (transpose ? j * columns + i : i * columns + j);
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i += 1) for (let j = 0; j < n; j += 1) q[i * n + j] = gaussian[at(i, j)]!;
  for (let j = 0; j < n; j += 1) {
    for (let k = 0; k < j; k += 1) {
      let dot = 0;
      for (let i = 0; i < m; i += 1) dot += q[i * n + k]! * q[i * n + j]!;
      for (let i = 0; i < m; i += 1) q[i * n + j] -= dot * q[i * n + k]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i += 1) norm += q[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i += 1) q[i * n + j] /= norm;
  }
  const out = new Float32Array(rows * columns);
  for (let i = 0; i < m; i += 1) for (let j = 0; j < n; j += 1) out[at(i, j)] = gain * q[i * n + j]!;
  return out;
}
