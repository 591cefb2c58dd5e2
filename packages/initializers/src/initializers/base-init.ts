import {
  type ArgumentSchema,
  type ArgumentsFromSchema,
  defineArgumentSchema,
  InitlibError,
  isPlainObject,
  validateArgs,
  type ValidatedArguments,
} from "@initlib/registry";
import { ArgumentReader } from "../arguments/argument-reader";
import { checkRuleCanBeWritten } from "./check-rule";
import type { FillRule } from "../fill-rule";
import { biasInitWithProb } from "../math/bias-init-with-prob";
import { formatPythonValue } from "../math/format-python-value";
import type { ModuleLike } from "../module-like";
import type { ParamLike } from "../param-like";
import type { InitializerPlan, PlannedWrite, WeightInitializer } from "../weight-initializer";

/**
 * The declaration of the arguments every {@link BaseInit} initializer accepts (MMEngine's
 * `BaseInit`): `bias`, `biasProb`, `layer`. Initializers spread it into their own declaration.
 */
export const BASE_INIT_ARGUMENTS = defineArgumentSchema({
  bias: { kind: "number", float32: true, default: 0, description: "value the bias of every matched module is filled with" },
  biasProb: {
    kind: "number",
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description:
      "prior probability of a sigmoid classifier, strictly inside (0, 1); replaces bias with -ln((1 - p) / p) (MMEngine's bias_prob)",
  },
  layer: {
    kind: "oneOf",
    options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }],
    description: "layer class names matched against each module's typeName and direct typeBases; ignored in whole-module mode",
  },
});

/** Arguments every {@link BaseInit} initializer accepts, inferred from {@link BASE_INIT_ARGUMENTS}. */
export type BaseInitArgs = ArgumentsFromSchema<typeof BASE_INIT_ARGUMENTS>;

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
 * Arguments are declared once, in the static `argumentSchema` of the class (a
 * `defineArgumentSchema` object that spreads {@link BASE_INIT_ARGUMENTS}): it is the source of the
 * argument type (`ArgumentsFromSchema`), of the validation done when the initializer is built
 * (unknown keys with the closest name, kinds, bounds, enum values with did-you-mean, Python's
 * `True`/`False` read as 1/0 and `None` as "not given"), of the defaults `explain` prints and of
 * the JSON Schema of `initCfg` entries ({@link initializerJsonSchema}). Errors are
 * `INITLIB_BAD_ARGUMENT` with the key as path; building through the registry prefixes the config
 * path (`initCfg[0].std`).
 *
 * Subclasses set a literal static `initializerName` (printed in `info`; bundlers rename classes, so
 * `constructor.name` is never used) and read their validated values with {@link BaseInit.arguments}.
 * `Plan` is what {@link BaseInit.plan} returns: the plan itself here, a promise of it for a subclass
 * whose planning loads code on first use (the depth-aware `StructuredInit`).
 * @example
 * const ZERO_MEAN_UNIFORM_ARGUMENTS = defineArgumentSchema({
 *   ...BASE_INIT_ARGUMENTS,
 *   scale: { kind: "number", minimum: 0, float32: true, default: 1, description: "half-width of the interval" },
 * });
 * class ZeroMeanUniformInit extends BaseInit {
 *   static override readonly initializerName = "ZeroMeanUniformInit";
 *   static override readonly argumentSchema = ZERO_MEAN_UNIFORM_ARGUMENTS;
 *   readonly scale: number;
 *   constructor(args: ArgumentsFromSchema<typeof ZERO_MEAN_UNIFORM_ARGUMENTS> = {}) {
 *     super(args);
 *     this.scale = this.arguments(ZERO_MEAN_UNIFORM_ARGUMENTS).scale;
 *   }
 *   weightRule(): FillRule { return { kind: "uniform", low: -this.scale, high: this.scale }; }
 * }
 */
export abstract class BaseInit<Plan extends InitializerPlan | Promise<InitializerPlan> = InitializerPlan> implements WeightInitializer {
  /** The name printed at the start of `info`; a literal in every subclass. */
  static readonly initializerName: string = "BaseInit";
  /** The declaration of the arguments the class accepts; anything else is rejected with the closest name. */
  static readonly argumentSchema: ArgumentSchema = BASE_INIT_ARGUMENTS;
  /**
   * Extra argument keys of a subclass that reads them itself with {@link BaseInit.readArguments}
   * instead of declaring them in `argumentSchema`; they are accepted without a check here.
   */
  static readonly argumentNames: readonly string[] = Object.keys(BASE_INIT_ARGUMENTS);

  /** Fill value of every matched bias (already `biasInitWithProb(biasProb)` when `biasProb` was given). */
  readonly bias: number;
  /** Layer names this initializer matches; empty when none were given. */
  readonly layer: readonly string[];
  /** Whole-module mode: every submodule with a weight or bias, `layer` ignored. Set by `initialize` for overrides. */
  matchesEveryModule = false;
  readonly #validated: Readonly<Record<string, unknown>>;

  constructor(args: object | null | undefined = {}) {
    const owner = new.target.initializerName;
    if (args !== undefined && args !== null && !isPlainObject(args)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${owner} takes one argument object`, {
        received: args,
        expected: "an object such as { std: 0.02 }",
      });
    }
    this.#validated = validateInitializerArguments(owner, args ?? {}, declarationOf(new.target));
    const { bias, biasProb, layer } = this.#validated as ValidatedArguments<typeof BASE_INIT_ARGUMENTS>;
    this.bias = biasProb === undefined ? bias : biasInitWithProb(biasProb);
    this.layer = layer === undefined ? [] : typeof layer === "string" ? [layer] : [...layer];
  }

  /**
   * The validated arguments (defaults filled in, Python values converted), typed by the
   * declaration passed, which must be the class's own `argumentSchema` (or one it spreads).
   * @example
   * const { mean, std } = this.arguments(NORMAL_ARGUMENTS);
   */
  protected arguments<Schema extends ArgumentSchema>(schema: Schema): ValidatedArguments<Schema> {
    void schema;
    return this.#validated as ValidatedArguments<Schema>;
  }

  /**
   * Fails on `highKey` when two bounds are reversed (`low > high`); equal bounds are accepted.
   * @example
   * this.requireOrdered("a", a, "b", b);
   */
  protected requireOrdered(lowKey: string, low: number, highKey: string, high: number): void {
    if (low <= high) return;
    throw new InitlibError(
      "INITLIB_BAD_ARGUMENT",
      `${this.initializerName}: the bounds are reversed: ${lowKey}=${formatPythonValue(low)} > ${highKey}=${formatPythonValue(high)}`,
      { path: highKey, received: { [lowKey]: low, [highKey]: high }, expected: `${lowKey} <= ${highKey}`, hint: `swap ${lowKey} and ${highKey}` },
    );
  }

  /** The name of the class actually constructed, as printed in `info`. */
  get initializerName(): string {
    return (this.constructor as typeof BaseInit).initializerName;
  }

  /** MMEngine's info string; `BaseInit, bias=0` here, each initializer prints its own arguments. */
  get info(): string {
    return `${this.initializerName}, bias=${formatPythonValue(this.bias)}`;
  }

  /**
   * A reader of `args` whose errors name this initializer, for subclasses that list extra
   * `argumentNames` instead of declaring them in `argumentSchema`.
   */
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
      if (rule) {
        checkRuleCanBeWritten(rule, this.initializerName, Object.keys(declarationOf(this.constructor as typeof BaseInit)));
        writes.push({ tensor: target.weight, rule, info });
      }
    }
    if (target.bias) writes.push({ tensor: target.bias, rule: { kind: "constant", value: this.bias }, info });
    return { writes, logs };
  }

  /**
   * What this initializer would write on `module`: in layer mode every module of
   * `modulesPostOrder()` that {@link BaseInit.matches}, in whole-module mode every one of them.
   * Raises (for instance a rank < 2 weight under Xavier) before anything is written.
   */
  plan(module: ModuleLike): Plan {
    const writes: PlannedWrite[] = [];
    const logs: PlanLog[] = [];
    const info = this.info;
    for (const candidate of module.modulesPostOrder()) {
      if (!this.matchesEveryModule && !this.matches(candidate)) continue;
      const planned = this.planWrites(candidate, info);
      writes.push(...planned.writes);
      logs.push(...planned.logs);
    }
    const plan: InitializerPlan = { writes, logs };
    return plan as Plan;
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

/** The class's declaration plus, unchecked, the extra `argumentNames` of a class that reads them itself. */
function declarationOf(initializer: typeof BaseInit): ArgumentSchema {
  const extra = initializer.argumentNames.filter((name) => !Object.hasOwn(initializer.argumentSchema, name));
  if (extra.length === 0) return initializer.argumentSchema;
  return { ...initializer.argumentSchema, ...Object.fromEntries(extra.map((name) => [name, { kind: "any" } as const])) };
}

function validateInitializerArguments(owner: string, args: object, schema: ArgumentSchema): Readonly<Record<string, unknown>> {
  try {
    // Widened on purpose: the schema is only known as ArgumentSchema here, its type is not inferred.
    const validate: (args: unknown, schema: ArgumentSchema) => Readonly<Record<string, unknown>> = validateArgs as never;
    return validate(args, schema);
  } catch (error) {
    if (!InitlibError.isInstance(error)) throw error;
    throw new InitlibError(error.code, `${owner}: ${error.summary}`, {
      path: error.path,
      received: error.received,
      expected: error.expected,
      hint: error.hint,
    });
  }
}
