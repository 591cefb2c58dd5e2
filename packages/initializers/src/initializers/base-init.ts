import { InitlibError } from "@initlib/registry";
import { ArgumentReader } from "../arguments/argument-reader";
import type { FillRule } from "../fill-rule";
import { biasInitWithProb } from "../math/bias-init-with-prob";
import { formatPythonValue } from "../math/format-python-value";
import type { ModuleLike } from "../module-like";
import type { ParamLike } from "../param-like";
import type { InitializerPlan, PlannedWrite, WeightInitializer } from "../weight-initializer";

/** Arguments every {@link BaseInit} initializer accepts (MMEngine's `BaseInit`). */
export interface BaseInitArgs {
  /**
   * Value the bias of every matched module is filled with.
   * @default 0
   */
  bias?: number;
  /**
   * Prior probability for a sigmoid classifier bias, strictly inside (0, 1); when given it replaces
   * `bias` with {@link biasInitWithProb}(biasProb). MMEngine's `bias_prob`.
   * @default undefined
   */
  biasProb?: number;
  /**
   * Layer class names to act on, matched against each module's `typeName` and its direct
   * `typeBases` (`'Conv2d'`, `'_ConvNd'`, `['Conv2d', 'Linear']`). Ignored in whole-module mode.
   * @default [] (matches nothing outside whole-module mode)
   */
  layer?: string | readonly string[];
}

/** Log line of a plan. */
type PlanLog = InitializerPlan["logs"][number];

/** A weight/bias pair the writes of one module are planned for. */
export interface WeightAndBias {
  readonly weight?: ParamLike | null;
  readonly bias?: ParamLike | null;
  /** Used in error messages when present. */
  readonly typeName?: string;
}

/**
 * The common base of the built-in initializers (MMEngine's `BaseInit`): `bias`, `biasProb`, `layer`,
 * whole-module mode, layer matching on `modulesPostOrder()`, and a `plan` that decides the writes
 * (the weight's rule from {@link BaseInit.weightRule}, the bias filled with `bias`) without writing.
 *
 * Arguments are validated when the initializer is built, all of them: unknown keys (the accepted
 * ones are the static `argumentNames` of the class actually constructed), bad values, `biasProb`
 * outside (0, 1). Errors are `INITLIB_BAD_ARGUMENT` with the key as path; building through the
 * registry prefixes the config path (`initCfg[0].std`).
 *
 * Subclasses set a literal static `initializerName` (printed in `info`; bundlers rename classes, so
 * `constructor.name` is never used) and, when they take arguments of their own, extend
 * `argumentNames`.
 * @example
 * class ZeroMeanUniform extends BaseInit {
 *   static override readonly initializerName = "ZeroMeanUniformInit";
 *   static override readonly argumentNames = [...BaseInit.argumentNames, "scale"];
 *   readonly scale: number;
 *   constructor(args: BaseInitArgs & { scale?: number } = {}) {
 *     super(args);
 *     this.scale = this.readArguments(args).number("scale", { default: 1, min: 0 });
 *   }
 *   weightRule(): FillRule { return { kind: "uniform", low: -this.scale, high: this.scale }; }
 * }
 */
export abstract class BaseInit implements WeightInitializer {
  /** The name printed at the start of `info`; a literal in every subclass. */
  static readonly initializerName: string = "BaseInit";
  /** Argument keys the class accepts; anything else is rejected with the closest name. */
  static readonly argumentNames: readonly string[] = ["bias", "biasProb", "layer"];

  /** Fill value of every matched bias (already `biasInitWithProb(biasProb)` when `biasProb` was given). */
  readonly bias: number;
  /** Layer names this initializer matches; empty when none were given. */
  readonly layer: readonly string[];
  /** Whole-module mode: every submodule with a weight or bias, `layer` ignored. Set by `initialize` for overrides. */
  wholemodule = false;

  constructor(args: BaseInitArgs = {}) {
    const reader = this.readArguments(args);
    for (const key of new.target.argumentNames) reader.accept(key);
    reader.rejectUnknownKeys();
    let bias = reader.number("bias", { default: 0 });
    if (reader.has("biasProb")) {
      const biasProb = reader.number("biasProb");
      if (!(biasProb > 0 && biasProb < 1)) {
        reader.fail("biasProb", "biasProb must lie strictly between 0 and 1", {
          expected: "a probability in (0, 1), e.g. 0.01 for a focal-loss classifier",
          hint: "biasProb sets bias = -ln((1 - p) / p); 0 and 1 give ±Infinity",
        });
      }
      bias = biasInitWithProb(biasProb);
    }
    this.bias = bias;
    this.layer = reader.stringList("layer");
  }

  /** The name of the class actually constructed, as printed in `info`. */
  get initializerName(): string {
    return (this.constructor as typeof BaseInit).initializerName;
  }

  /** MMEngine's info string; `BaseInit, bias=0` here, each initializer prints its own arguments. */
  get info(): string {
    return `${this.initializerName}, bias=${formatPythonValue(this.bias)}`;
  }

  /** A reader of `args` whose errors name this initializer. */
  protected readArguments(args: unknown): ArgumentReader {
    return new ArgumentReader(args, { owner: (this.constructor as typeof BaseInit).initializerName });
  }

  /**
   * The rule for one weight, or `null` to leave it untouched (with a warning pushed to `warn`).
   * Throws `InitlibError` when the weight cannot take this rule (rank < 2 for fans).
   */
  abstract weightRule(weight: ParamLike, warn: (message: string) => void): FillRule | null;

  /** Whether `module` is one of `layer`: its `typeName` or one of its direct `typeBases`. */
  matches(module: Pick<ModuleLike, "typeName" | "typeBases">): boolean {
    if (this.layer.length === 0) return false;
    return this.layer.includes(module.typeName) || module.typeBases.some((base) => this.layer.includes(base));
  }

  /**
   * The writes on one weight/bias pair (no matching): the weight's rule first, then the bias
   * constant, as MMEngine's init functions do. Nothing is written. `info` defaults to this
   * initializer's {@link BaseInit.info}.
   */
  planWrites(target: WeightAndBias, info: string = this.info): InitializerPlan {
    const writes: PlannedWrite[] = [];
    const logs: PlanLog[] = [];
    if (target.weight) {
      const rule = this.ruleFor(target.weight, target.typeName, (message) => logs.push({ level: "warning", message }));
      if (rule) writes.push({ tensor: target.weight, rule, info });
    }
    if (target.bias) writes.push({ tensor: target.bias, rule: { kind: "constant", value: this.bias }, info });
    return { writes, logs };
  }

  /**
   * What this initializer would write on `module`: in layer mode every module of
   * `modulesPostOrder()` that {@link BaseInit.matches}, in whole-module mode every one of them.
   * Raises (for instance a rank < 2 weight under Xavier) before anything is written.
   */
  plan(module: ModuleLike): InitializerPlan {
    const writes: PlannedWrite[] = [];
    const logs: PlanLog[] = [];
    const info = this.info;
    for (const candidate of module.modulesPostOrder()) {
      if (!this.wholemodule && !this.matches(candidate)) continue;
      const planned = this.planWrites(candidate, info);
      writes.push(...planned.writes);
      logs.push(...planned.logs);
    }
    return { writes, logs };
  }

  private ruleFor(weight: ParamLike, typeName: string | undefined, warn: (message: string) => void): FillRule | null {
    try {
      return this.weightRule(weight, warn);
    } catch (error) {
      if (!InitlibError.isInstance(error) || typeName === undefined) throw error;
      throw new InitlibError(error.code, error.summary, {
        received: { layer: typeName, weightShape: [...weight.shape] },
        expected: error.expected,
        hint: error.hint,
        cause: error,
      });
    }
  }
}
