// The μP std formula, shared by MaximalUpdateInit and its decisions.

/** The three parameter roles of μP. */
export type MaximalUpdateRole = "input" | "hidden" | "output";

/**
 * The μP std of one weight (Yang et al., 2022, "Tensor Programs V: Tuning Large Neural Networks via
 * Zero-Shot Hyperparameter Transfer", Table 3, anchored at the base model as in Table 8 and the
 * `mup` package): input weights σ (their fan-in does not grow with width), hidden weights
 * σ·√(baseWidth/fanIn) (variance ∝ 1/fanIn), output weights σ·baseWidth/fanIn (variance ∝ 1/fanIn²).
 * At `fanIn = baseWidth` all three are σ.
 * @example
 * maximalUpdateStd("output", 0.02, 256, 1024); // 0.005
 */
export function maximalUpdateStd(role: MaximalUpdateRole, std: number, baseWidth: number, fanIn: number): number {
  if (role === "input") return std;
  if (role === "hidden") return std * Math.sqrt(baseWidth / fanIn);
  return (std * baseWidth) / fanIn;
}
