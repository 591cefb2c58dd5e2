import { type ArgumentsFromSchema, defineArgumentSchema } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { computeFans } from "../math/compute-fans";
import { formatPythonValue } from "../math/format-python-value";
import type { InitTarget } from "../module-like";
import type { ParamLike } from "../param-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, BaseInit } from "./base-init";

/** VarianceScaling's `mode`: which fan divides the scale. */
export const VARIANCE_SCALING_MODES = ["fan_in", "fan_out", "fan_avg"] as const;

/** `'fan_in'`, `'fan_out'` or `'fan_avg'` (the mean of the two). */
export type VarianceScalingMode = (typeof VARIANCE_SCALING_MODES)[number];

/** VarianceScaling's distributions, with Keras' names. */
export const VARIANCE_SCALING_DISTRIBUTIONS = ["truncated_normal", "untruncated_normal", "uniform"] as const;

/** `'truncated_normal'`, `'untruncated_normal'` or `'uniform'`. */
export type VarianceScalingDistribution = (typeof VARIANCE_SCALING_DISTRIBUTIONS)[number];

/**
 * Standard deviation of a standard normal truncated to [−2, 2] (Keras' and Flax's constant): the
 * truncated normal's std is divided by it so the truncated values have variance `scale / fan`.
 */
export const TRUNCATED_NORMAL_STD_CORRECTION = 0.87962566103423978;

/** The declaration of {@link VarianceScalingInit}'s arguments (`{ type: 'VarianceScaling', ... }`). */
export const VARIANCE_SCALING_ARGUMENTS = defineArgumentSchema({
  ...BASE_INIT_ARGUMENTS,
  scale: { kind: "number", float32: true, exclusiveMinimum: 0, default: 1, description: "target variance times the fan, > 0" },
  mode: { kind: "enum", values: VARIANCE_SCALING_MODES, default: "fan_in", description: "fan dividing the scale: fan_in, fan_out or their mean fan_avg" },
  distribution: {
    kind: "enum",
    values: VARIANCE_SCALING_DISTRIBUTIONS,
    default: "truncated_normal",
    description: "truncated_normal (cut at ±2 std, std / 0.87962566103423978), untruncated_normal or uniform (±√(3·scale/fan))",
  },
});

/** Arguments of {@link VarianceScalingInit}, inferred from {@link VARIANCE_SCALING_ARGUMENTS}. */
export type VarianceScalingInitArgs = ArgumentsFromSchema<typeof VARIANCE_SCALING_ARGUMENTS>;

/** The settings a preset fixes. */
export interface VarianceScalingSettings {
  readonly scale: number;
  readonly mode: VarianceScalingMode;
  readonly distribution: VarianceScalingDistribution;
}

/**
 * The rule of Keras' / Flax's `VarianceScaling(scale, mode, distribution)` on `weight`:
 * `variance = scale / n` with `n = max(1, fan)` (fans from the declared layout, as
 * {@link computeFans}; `fan_avg` = (fanIn + fanOut) / 2); truncated normal N(0, σ²) cut at ±2σ with
 * `σ = √variance / 0.87962566103423978`, untruncated N(0, variance), or U(±√(3·variance)).
 * @example
 * varianceScalingRule({ shape: [256, 512] }, { scale: 2, mode: "fan_in", distribution: "uniform" });
 * // { kind: "uniform", low: -0.108..., high: 0.108... } (He uniform, fanIn 512)
 */
export function varianceScalingRule(weight: ParamLike, settings: VarianceScalingSettings): FillRule {
  const { fanIn, fanOut } = computeFans(weight);
  const fan = settings.mode === "fan_in" ? fanIn : settings.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
  const variance = settings.scale / Math.max(1, fan);
  if (settings.distribution === "uniform") {
    const limit = Math.sqrt(3 * variance);
    return { kind: "uniform", low: -limit, high: limit };
  }
  if (settings.distribution === "untruncated_normal") return { kind: "normal", mean: 0, std: Math.sqrt(variance) };
  const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STD_CORRECTION;
  return { kind: "truncNormal", mean: 0, std, low: -2 * std, high: 2 * std };
}

/**
 * Keras' / Flax's `VarianceScaling` (registered as `VarianceScaling`): see {@link varianceScalingRule}.
 * Defaults are Keras' (`scale=1, mode='fan_in', distribution='truncated_normal'`). Weights of
 * rank < 2 fail at plan time. The presets `LecunNormal`, `LecunUniform`, `GlorotNormal`,
 * `GlorotUniform`, `HeNormal` and `HeUniform` fix the three settings.
 * Info: `VarianceScalingInit: scale=1, mode=fan_in, distribution=truncated_normal, bias=0`.
 * @example
 * new VarianceScalingInit({ scale: 2, mode: "fan_out", distribution: "untruncated_normal", layer: "Conv2d" });
 */
export class VarianceScalingInit extends BaseInit {
  static override readonly initializerName: string = "VarianceScalingInit";
  static override readonly argumentSchema: typeof VARIANCE_SCALING_ARGUMENTS | typeof BASE_INIT_ARGUMENTS = VARIANCE_SCALING_ARGUMENTS;
  /** Settings a preset fixes instead of reading them (none here). */
  static readonly presetSettings: Partial<VarianceScalingSettings> = {};

  readonly scale: number;
  readonly mode: VarianceScalingMode;
  readonly distribution: VarianceScalingDistribution;

  constructor(args: VarianceScalingInitArgs = {}) {
    super(args);
    const defaults: VarianceScalingSettings = { scale: 1, mode: "fan_in", distribution: "truncated_normal" };
    const settings = { ...defaults, ...this.arguments(VARIANCE_SCALING_ARGUMENTS), ...new.target.presetSettings };
    this.scale = settings.scale;
    this.mode = settings.mode;
    this.distribution = settings.distribution;
  }

  override get info(): string {
    return (
      `${this.initializerName}: scale=${formatPythonValue(this.scale)}, mode=${this.mode}, ` +
      `distribution=${this.distribution}, bias=${formatPythonValue(this.bias)}`
    );
  }

  weightRule(weight: ParamLike): FillRule {
    return varianceScalingRule(weight, this);
  }
}

/** Options of {@link varianceScalingInit}: `scale`, `mode`, `distribution`, `bias` and `onWarning`. */
export type VarianceScalingInitOptions = InitFunctionOptionsOf<VarianceScalingInitArgs>;

/**
 * Fills `target.weight` as Keras' `VarianceScaling` does and `target.bias` with `bias`.
 * @example
 * await varianceScalingInit(dense, { scale: 2, mode: "fan_in", distribution: "uniform" });
 */
export async function varianceScalingInit(target: InitTarget, options?: VarianceScalingInitOptions): Promise<void> {
  const { args, onWarning } = splitFunctionOptions("varianceScalingInit", options);
  await applyInitFunction("varianceScalingInit", new VarianceScalingInit(args), target, onWarning);
}
