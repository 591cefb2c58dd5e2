import type { InitTarget } from "../module-like";
import { applyInitFunction, type InitFunctionOptionsOf, splitFunctionOptions } from "./apply-init-function";
import { BASE_INIT_ARGUMENTS, type BaseInitArgs } from "./base-init";
import { VarianceScalingInit, type VarianceScalingSettings } from "./variance-scaling";

/** Arguments of every VarianceScaling preset: only the common ones (the three settings are fixed). */
export type VarianceScalingPresetArgs = BaseInitArgs;

/** Options of the presets' module-level functions: `bias` and `onWarning`. */
export type VarianceScalingPresetOptions = InitFunctionOptionsOf<VarianceScalingPresetArgs>;

/** Keras' meanings of the named presets: registered name → fixed settings. */
export const VARIANCE_SCALING_PRESETS = {
  LecunNormal: { scale: 1, mode: "fan_in", distribution: "truncated_normal" },
  LecunUniform: { scale: 1, mode: "fan_in", distribution: "uniform" },
  GlorotNormal: { scale: 1, mode: "fan_avg", distribution: "truncated_normal" },
  GlorotUniform: { scale: 1, mode: "fan_avg", distribution: "uniform" },
  HeNormal: { scale: 2, mode: "fan_in", distribution: "truncated_normal" },
  HeUniform: { scale: 2, mode: "fan_in", distribution: "uniform" },
} as const satisfies Record<string, VarianceScalingSettings>;

/** Keras' `LecunNormal`: truncated normal, variance 1 / fanIn (LeCun et al., 1998). */
export class LecunNormalInit extends VarianceScalingInit {
  static override readonly initializerName: string = "LecunNormalInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.LecunNormal;
}

/** Keras' `LecunUniform`: U(±√(3 / fanIn)). */
export class LecunUniformInit extends VarianceScalingInit {
  static override readonly initializerName: string = "LecunUniformInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.LecunUniform;
}

/** Keras' `GlorotNormal`: truncated normal, variance 2 / (fanIn + fanOut) (Glorot & Bengio, 2010). */
export class GlorotNormalInit extends VarianceScalingInit {
  static override readonly initializerName: string = "GlorotNormalInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.GlorotNormal;
}

/** Keras' `GlorotUniform`: U(±√(6 / (fanIn + fanOut))). */
export class GlorotUniformInit extends VarianceScalingInit {
  static override readonly initializerName: string = "GlorotUniformInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.GlorotUniform;
}

/** Keras' `HeNormal`: truncated normal, variance 2 / fanIn (He et al., 2015). */
export class HeNormalInit extends VarianceScalingInit {
  static override readonly initializerName: string = "HeNormalInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.HeNormal;
}

/** Keras' `HeUniform`: U(±√(6 / fanIn)). */
export class HeUniformInit extends VarianceScalingInit {
  static override readonly initializerName: string = "HeUniformInit";
  static override readonly argumentSchema = BASE_INIT_ARGUMENTS;
  static override readonly presetSettings: Partial<VarianceScalingSettings> = VARIANCE_SCALING_PRESETS.HeUniform;
}

function presetFunction(name: string, Preset: new (args: VarianceScalingPresetArgs) => VarianceScalingInit) {
  return async (target: InitTarget, options?: VarianceScalingPresetOptions): Promise<void> => {
    const { args, onWarning } = splitFunctionOptions(name, options);
    await applyInitFunction(name, new Preset(args), target, onWarning);
  };
}

/** Keras' `LecunNormal` on `target.weight`, `bias` on `target.bias`. @example await lecunNormalInit(dense); */
export const lecunNormalInit = presetFunction("lecunNormalInit", LecunNormalInit);
/** Keras' `LecunUniform` on `target.weight`, `bias` on `target.bias`. @example await lecunUniformInit(dense); */
export const lecunUniformInit = presetFunction("lecunUniformInit", LecunUniformInit);
/** Keras' `GlorotNormal` on `target.weight`, `bias` on `target.bias`. @example await glorotNormalInit(dense); */
export const glorotNormalInit = presetFunction("glorotNormalInit", GlorotNormalInit);
/** Keras' `GlorotUniform` on `target.weight`, `bias` on `target.bias`. @example await glorotUniformInit(dense); */
export const glorotUniformInit = presetFunction("glorotUniformInit", GlorotUniformInit);
/** Keras' `HeNormal` on `target.weight`, `bias` on `target.bias`. @example await heNormalInit(conv); */
export const heNormalInit = presetFunction("heNormalInit", HeNormalInit);
/** Keras' `HeUniform` on `target.weight`, `bias` on `target.bias`. @example await heUniformInit(conv); */
export const heUniformInit = presetFunction("heUniformInit", HeUniformInit);
