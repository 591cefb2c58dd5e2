import { standardNormalDensity } from "../random/standard-normal";

/**
 * Mean and standard deviation of N(mean, std²) truncated to [low, high], given the standard normal
 * mass `mass` = Z = Φ(β) − Φ(α) of the window (α, β the bounds in std units; the caller picks the
 * CDF): mean + std·(φ(α) − φ(β))/Z and std·√(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²)
 * (Johnson, Kotz & Balakrishnan, vol. 1, §10.1).
 * @example
 * truncatedNormalMoments(0, 1, -2, 2, standardNormalIntervalProbability(-2, 2)).std; // 0.8796
 */
export function truncatedNormalMoments(
  mean: number,
  std: number,
  low: number,
  high: number,
  mass: number,
): { readonly mean: number; readonly std: number } {
  const alpha = (low - mean) / std;
  const beta = (high - mean) / std;
  const densityAlpha = standardNormalDensity(alpha);
  const densityBeta = standardNormalDensity(beta);
  const shift = (densityAlpha - densityBeta) / mass;
  const spread = 1 + (alpha * densityAlpha - beta * densityBeta) / mass - shift * shift;
  return { mean: mean + std * shift, std: std * Math.sqrt(spread) };
}
