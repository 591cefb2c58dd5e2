import type { RandomKey } from "../random-key";
import { generateRuleValues } from "../random/generate-rule-values";

// The values of SparseInit, loaded with import() when a Sparse rule is executed: a page that only
// builds the initializer (argument checks, plan) does not download the generator.

/** Suffix of the path that keys the choice of zeros, so it never reuses the values' random stream. */
const ZERO_CHOICE_STREAM = "#sparse-zeros";

/**
 * PyTorch's `sparse_(tensor, sparsity, std)` on a `rows × columns` matrix: values from N(0, std²)
 * (the parameter's own (seed, path) stream, so the non-zeros equal what `Normal` writes), then in
 * every column `ceil(sparsity · rows)` distinct rows set to zero, chosen uniformly by a partial
 * Fisher–Yates shuffle keyed by (seed, path + "#sparse-zeros"), as torch's `randperm(rows)[:n]`.
 * @example
 * sparseValues([4, 3], 0.5, 0.01, { seed: 0, path: "fc.weight" }); // two zeros per column
 */
export function sparseValues(shape: readonly number[], sparsity: number, std: number, key: RandomKey): Float32Array {
  const [rows, columns] = [shape[0]!, shape[1]!];
  const values = new Float32Array(rows * columns);
  generateRuleValues({ kind: "normal", mean: 0, std }, key, 0, values);
  const zerosPerColumn = Math.ceil(sparsity * rows);
  if (zerosPerColumn === 0) return values;
  const uniforms = new Float32Array(zerosPerColumn * columns);
  generateRuleValues({ kind: "uniform", low: 0, high: 1 }, { seed: key.seed, path: key.path + ZERO_CHOICE_STREAM }, 0, uniforms);
  const order = new Int32Array(rows);
  for (let column = 0; column < columns; column += 1) {
    for (let row = 0; row < rows; row += 1) order[row] = row;
    for (let pick = 0; pick < zerosPerColumn; pick += 1) {
      const remaining = rows - pick;
      const offset = Math.min(remaining - 1, Math.floor(uniforms[column * zerosPerColumn + pick]! * remaining));
      const chosen = order[pick + offset]!;
      order[pick + offset] = order[pick]!;
      order[pick] = chosen;
      values[chosen * columns + column] = 0;
    }
  }
  return values;
}
