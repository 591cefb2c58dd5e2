import { type FillRule, generateRuleValues, type ModuleLike, type ParamLike } from "@initlib/initializers";
import { elementCountOfShape } from "@initlib/initializers/internal";
import { InitlibError } from "@initlib/registry";
import {
  decodeSettings,
  defaultTfjsLayout,
  encodeSettings,
  type ResolvedTfjsInitializerSettings,
  resolveTfjsInitializerSettings,
  type SavedTfjsInitializerConfig,
  type TfjsInitializerSettings,
} from "./tfjs-initializer-settings";

/** The class name a saved model records for an initlib initializer. */
export const TFJS_INITIALIZER_CLASS_NAME = "InitlibInitializer";

/**
 * What {@link toTfjsInitializer} uses of tfjs: `initializers` of tfjs-layers (its `Initializer`
 * base class is found through `initializers.zeros()`), and `serialization` and `tensor` of
 * tfjs-core. `@tensorflow/tfjs` has all three; with the split packages pass
 * `{ ...tfCore, initializers: tfLayers.initializers }`.
 */
export interface TfjsInitializerNamespace {
  readonly initializers: { zeros(): object };
  readonly serialization: { registerClass(cls: never): unknown };
  tensor(values: Float32Array, shape: number[], dtype: "float32"): unknown;
}

/** Options of {@link toTfjsInitializer}: the tfjs namespace and what decides the values. */
export interface TfjsInitializerOptions extends TfjsInitializerSettings {
  readonly tf: TfjsInitializerNamespace;
}

/**
 * An initlib initializer as tfjs-layers sees it: an instance of a subclass of tfjs-layers'
 * `Initializer` (so `kernelInitializer` accepts it), registered for serialization under
 * {@link TFJS_INITIALIZER_CLASS_NAME}.
 */
export interface InitlibTfjsInitializer {
  /** Values for one weight of `shape`: a float32 tensor. */
  apply(shape: number[], dtype?: string): unknown;
  /** The config a saved model records (all settings in one JSON string). */
  getConfig(): SavedTfjsInitializerConfig;
  getClassName(): string;
  /** The settings in effect, defaults filled in. */
  readonly settings: Omit<ResolvedTfjsInitializerSettings, "initializer">;
}

type InitializerBase = new () => object;
type InitlibInitializerClass = new (settings: ResolvedTfjsInitializerSettings) => InitlibTfjsInitializer;

/** One class per tfjs-layers copy (its `Initializer` base), registered once with its tfjs-core. */
const CLASSES = new WeakMap<InitializerBase, InitlibInitializerClass>();

/**
 * Any initlib initializer as a tfjs-layers initializer, for `kernelInitializer` and
 * `biasInitializer`: the values are initlib's for the same (seed, path) — the same bits
 * `initWeights()` writes into a parameter of that path, shape and layout on any backend. It
 * survives `model.save()` and `tf.loadLayersModel()`: its config records the init_cfg entry and
 * the settings, and its class is registered with `tf.serialization.registerClass` the first time
 * one is made (call this before loading a saved model that uses it).
 *
 * tfjs does not tell an initializer which layer it fills, so give each layer its own `path`
 * (`fc.weight` is the name `fromLayersModel` gives the kernel of the layer `fc`); one object
 * given to several layers uses `path`, then `path#1`, `path#2`, ... in the order tfjs calls it.
 * @throws InitlibError for a bad entry or setting (when called) and for a weight the rule cannot
 * take, such as Kaiming on a 1-D tensor (when tfjs builds the layer).
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * const dense = tf.layers.dense({
 *   units: 10,
 *   kernelInitializer: toTfjsInitializer({ type: "Kaiming", mode: "fan_in" }, { tf, seed: 0, path: "fc.weight" }) as never,
 * });
 */
export function toTfjsInitializer(initCfg: unknown, options: TfjsInitializerOptions): InitlibTfjsInitializer {
  const { tf, ...settings } = options ?? ({} as TfjsInitializerOptions);
  const resolved = resolveTfjsInitializerSettings(initCfg, settings);
  const InitlibInitializer = initializerClassFor(tf);
  return new InitlibInitializer(resolved);
}

function initializerClassFor(tf: TfjsInitializerNamespace | undefined): InitlibInitializerClass {
  const zeros: unknown = typeof tf?.initializers?.zeros === "function" ? tf.initializers.zeros() : undefined;
  const base = zeros === undefined ? undefined : (Object.getPrototypeOf((zeros as object).constructor) as unknown);
  const prototype = typeof base === "function" ? (base.prototype as Record<string, unknown>) : undefined;
  if (prototype === undefined || typeof prototype.getConfig !== "function" || typeof tf?.serialization?.registerClass !== "function" || typeof tf.tensor !== "function") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "toTfjsInitializer needs tfjs-layers' initializers and tfjs-core's serialization and tensor", {
      path: "toTfjsInitializer.tf",
      received: tf === undefined ? undefined : Object.keys(tf).slice(0, 12),
      expected: "the namespace of @tensorflow/tfjs, or { ...tfCore, initializers: tfLayers.initializers }",
      hint: "pass { tf } in the options",
    });
  }
  const cached = CLASSES.get(base as InitializerBase);
  if (cached) return cached;
  const created = defineInitializerClass(base as InitializerBase, tf!);
  tf!.serialization.registerClass(created as never);
  CLASSES.set(base as InitializerBase, created);
  return created;
}

function defineInitializerClass(Base: InitializerBase, tf: TfjsInitializerNamespace): InitlibInitializerClass {
  return class InitlibInitializer extends Base implements InitlibTfjsInitializer {
    static readonly className = TFJS_INITIALIZER_CLASS_NAME;
    readonly #resolved: ResolvedTfjsInitializerSettings;
    #calls = 0;

    constructor(resolved: ResolvedTfjsInitializerSettings) {
      super();
      this.#resolved = resolved;
    }

    /** tfjs' deserialization: the settings read back from the saved config and checked again. */
    static fromConfig(cls: InitlibInitializerClass, config: unknown): InitlibTfjsInitializer {
      const { initCfg, settings } = decodeSettings(config);
      return new cls(resolveTfjsInitializerSettings(initCfg, settings, `${TFJS_INITIALIZER_CLASS_NAME}.fromConfig`));
    }

    get settings(): InitlibTfjsInitializer["settings"] {
      const { initializer: _initializer, ...settings } = this.#resolved;
      return settings;
    }

    getClassName(): string {
      return TFJS_INITIALIZER_CLASS_NAME;
    }

    getConfig(): SavedTfjsInitializerConfig {
      return encodeSettings(this.#resolved);
    }

    apply(shape: number[], dtype?: string): unknown {
      if (dtype !== undefined && dtype !== "float32") {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", `an initlib initializer writes float32 values, not ${dtype}`, {
          path: `${TFJS_INITIALIZER_CLASS_NAME}.apply.dtype`,
          received: dtype,
          expected: "float32",
        });
      }
      const { seed, path } = this.#resolved;
      const rule = ruleForShape(this.#resolved, shape);
      const values = new Float32Array(elementCountOfShape(shape, `${TFJS_INITIALIZER_CLASS_NAME}.apply.shape`));
      const key = { seed, path: this.#calls === 0 ? path : `${path}#${this.#calls}` };
      if (rule.kind === "constant") values.fill(rule.value);
      else if (rule.kind === "values") {
        throw new InitlibError("INITLIB_MISSING_CAPABILITY", `${this.#resolved.initializer.info} computes its values asynchronously, and tfjs initializers are synchronous`, {
          path: `${TFJS_INITIALIZER_CLASS_NAME}.initCfg.type`,
          received: rule.source,
          hint: "initialize the built model with fromLayersModel(model, { initCfg }).initWeights() instead",
        });
      } else if (values.length > 0) generateRuleValues(rule, key, 0, values);
      this.#calls += 1;
      return tf.tensor(values, [...shape], "float32");
    }
  };
}

/** The rule initlib's initializer plans for a weight (or bias) of `shape` in the settings' layout. */
function ruleForShape(resolved: ResolvedTfjsInitializerSettings, shape: readonly number[]): FillRule {
  const parameter: ParamLike = { shape: [...shape], layout: resolved.layout ?? defaultTfjsLayout(shape.length) };
  const target: ModuleLike = {
    typeName: TFJS_INITIALIZER_CLASS_NAME,
    typeBases: [],
    weight: resolved.role === "weight" ? parameter : null,
    bias: resolved.role === "bias" ? parameter : null,
    modulesPostOrder: () => [target],
    stateEntries: () => [{ name: resolved.path, tensor: parameter, kind: "parameter" }],
  };
  resolved.initializer.matchesEveryModule = true;
  const plan = resolved.initializer.plan(target);
  if (typeof (plan as { then?: unknown }).then === "function") {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `${resolved.initializer.info} plans asynchronously, and tfjs initializers are synchronous`, {
      path: `${TFJS_INITIALIZER_CLASS_NAME}.initCfg.type`,
      hint: "initialize the built model with fromLayersModel(model, { initCfg }).initWeights() instead",
    });
  }
  const { writes, logs } = plan as Exclude<typeof plan, Promise<unknown>>;
  const write = writes.find((candidate) => candidate.tensor === parameter);
  if (!write) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `${resolved.initializer.info} leaves a ${resolved.role} of shape [${shape.join(", ")}] unchanged`, {
      path: `${TFJS_INITIALIZER_CLASS_NAME}.apply.shape`,
      received: [...shape],
      expected: logs.map((log) => log.message).join("; ") || "a shape the initializer writes",
    });
  }
  return write.rule;
}
