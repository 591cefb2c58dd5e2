import { householderOrthogonal } from "../math/householder-orthogonal";
import type { RandomKey } from "../random-key";
import { generateRuleValues } from "../random/generate-rule-values";
import { elementCount } from "./host-values";

// The values of OrthogonalInit, loaded with import() when an Orthogonal rule is executed: a page
// that only builds the initializer (argument checks, plan) does not download the QR or the generator.

/**
 * The (semi-)orthogonal matrix of OrthogonalInit in torch's layout: `rows = torchShape[0]` ×
 * `columns = the rest`, the Q factor of a QR decomposition of standard normals drawn with `key`
 * (the values `Normal` would write), sign-corrected from R's diagonal, times `gain`.
 * @example
 * orthogonalValues([4, 3], { seed: 0, path: "fc.weight" }, 1); // 4 × 3, orthonormal columns
 */
export function orthogonalValues(torchShape: readonly number[], key: RandomKey, gain: number): Float32Array {
  const rows = torchShape[0]!;
  const columns = elementCount(torchShape) / rows;
  const samples = new Float32Array(rows * columns);
  generateRuleValues({ kind: "normal", mean: 0, std: 1 }, key, 0, samples);
  return householderOrthogonal(samples, rows, columns, gain);
}
