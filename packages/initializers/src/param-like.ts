import type { FillRule } from "./fill-rule";

/**
 * Axis letters of a weight: `O` output channels/features, `I` input channels/features, `M` depthwise
 * channel multiplier, anything else (`H`, `W`, `D`, `K`, `L`) a receptive-field axis. Torch layouts:
 * `OI` (Linear), `OIL`/`OIHW`/`OIDHW` (conv), `IOHW` (transposed conv); tfjs layouts: `IO` (Dense),
 * `HWIO` (Conv2D), `HWIM` (depthwise), `HWOI` (Conv2DTranspose). Fans follow the letters.
 */
export type Layout = string;

/** The structural shape of a parameter that the math and the init functions need. */
export interface ParamLike {
  readonly shape: readonly number[];
  /** Declared axis layout; when absent, torch's convention for the rank (`OI`, `OIL`, `OIHW`, ...). */
  readonly layout?: Layout;
  /** Convolution groups the weight belongs to (torch shapes already divide `I` by groups). @default 1 */
  readonly groups?: number;
}

/** A parameter that can receive a {@link FillRule}: what the module-level init functions write into. */
export interface WritableParam extends ParamLike {
  /** Executes `rule` on this parameter; `info` is the provenance string to record. */
  assign(rule: FillRule, info?: string): void | Promise<void>;
}
