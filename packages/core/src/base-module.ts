import { InitlibError } from "@initlib/registry";
import type { InitReport } from "./init-report";
import { InitSession, type InitWeightsOptions } from "./init-session";
import { type InitVisit, Module } from "./module";
import { normalizeInitCfg, type ModuleInitCfg } from "./normalize-init-cfg";

const PRETRAINED_DEFAULTS = Symbol("initlib.pretrainedDefaults");

/**
 * MMEngine's `BaseModule`: a module with an `initCfg` (deep-copied and normalized at construction;
 * MMEngine's snake_case keys such as `bias_prob` are accepted) and `initWeights()`.
 *
 * `initWeights()` follows MMEngine's ordering exactly: this module's non-`Pretrained` entries over
 * its whole subtree, then each direct child's own `initWeights()` (BaseModules, and plain modules
 * that define one; children with `isInit` are skipped), then this module's top-level `Pretrained`
 * entries. Unlike MMEngine it validates everything before anything is written, changes nothing when
 * it fails, records exactly which writer wrote each parameter, and warns where MMEngine is silent.
 *
 * Subclasses that override `initWeights` call `super.initWeights(options)` as in MMEngine.
 * @example
 * class ToyNet extends BaseModule {
 *   static override readonly typeName = "ToyNet";
 *   conv1 = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1 });
 *   constructor() {
 *     super({ type: "Kaiming", layer: "Conv2d" });
 *   }
 * }
 * const report = await new ToyNet().initWeights({ seed: 1 });
 */
export class BaseModule extends Module {
  static override readonly typeName: string = "BaseModule";
  static override readonly typeBases: readonly string[] = ["Module"];
  /** @internal the init_cfg as given (deep copy), for MMEngine's DEBUG line. */
  #rawInitCfg: unknown;
  /** @internal the normalized init_cfg. */
  #initCfg: unknown;
  /** @internal */
  [PRETRAINED_DEFAULTS]: Readonly<Record<string, unknown>> | undefined;

  constructor(initCfg?: ModuleInitCfg) {
    super();
    this.initCfg = initCfg;
  }

  /** The normalized init_cfg (camelCase keys); `null` when none. */
  get initCfg(): unknown {
    return this.#initCfg;
  }

  /**
   * Replaces the init_cfg the way the constructor takes it: deep-copied (later changes to the object
   * have no effect) and normalized (MMEngine's snake_case keys accepted); {@link BaseModule.rawInitCfg},
   * which MMEngine's DEBUG line prints, follows. It applies from the next `initWeights()` call.
   * @example
   * model.initCfg = { type: "Normal", std: 0.01, layer: "Linear" };
   */
  set initCfg(value: ModuleInitCfg | null | undefined) {
    const { raw, normalized } = normalizeInitCfg(value);
    this.#rawInitCfg = raw;
    this.#initCfg = normalized;
  }

  /** The init_cfg exactly as given (deep copy), before normalization. */
  get rawInitCfg(): unknown {
    return this.#rawInitCfg;
  }

  /** Arguments added to this module's `Pretrained` entries (e.g. `{ baseDirectory }` for relative checkpoints). */
  get pretrainedDefaults(): Readonly<Record<string, unknown>> | undefined {
    return this[PRETRAINED_DEFAULTS];
  }

  set pretrainedDefaults(value: Readonly<Record<string, unknown>> | undefined) {
    this[PRETRAINED_DEFAULTS] = value;
  }

  /** A BaseModule; its own `initWeights` when a subclass replaced BaseModule's. */
  override initVisit(): InitVisit {
    return { isBaseModule: true, ownInitWeights: this.initWeights !== BaseModule.prototype.initWeights };
  }

  /**
   * Initializes the subtree (see the class description) and resolves to the report: per parameter
   * its name, shape, MMEngine's info string of the last writer and the history of writers. Called
   * inside another module's `initWeights()`, it joins that call and resolves to the enclosing call's
   * report, which is complete once that call returns. A second call while one is running (not from
   * inside it) fails with `INITLIB_CONCURRENT_INIT`.
   * @example
   * const report = await model.initWeights({ seed: 0, logger: silentLogger });
   */
  async initWeights(options: InitWeightsOptions = {}): Promise<InitReport> {
    const active = InitSession.of(this);
    if (active && !active.inUserCode) {
      throw new InitlibError("INITLIB_CONCURRENT_INIT", "initWeights() is already running on this model", {
        received: this.typeName,
        hint: "await the first call before starting another; two calls at once would write the same parameters",
      });
    }
    if (active) {
      await active.runBody(this);
      return active.pendingReport;
    }
    return InitSession.run(this, options, (ordering) => ordering.runBody(this));
  }

  /**
   * Plans `initWeights()` without allocating or writing anything: the report's `rule` says what
   * each parameter would receive. User-defined `initWeights` code is not run (noted in `warnings`).
   * @example
   * const plan = await model.planInitWeights();
   */
  planInitWeights(options: Omit<InitWeightsOptions, "dryRun"> = {}): Promise<InitReport> {
    return InitSession.run(this, { ...options, dryRun: true }, (ordering) => ordering.runBody(this));
  }
}

