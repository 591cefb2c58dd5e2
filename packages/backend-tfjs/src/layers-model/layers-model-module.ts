import { BaseModule, type InitReport, type InitWeightsOptions, type ModuleInitCfg } from "@initlib/core";
import { InitlibError } from "@initlib/registry";
import type { LayersModelBackend, LayersModelBinder } from "./layers-model-backend";
import type { LayersModelLike } from "./tfjs-layers-types";

/**
 * A tfjs-layers model (`Sequential`, functional `LayersModel`, or a model nested in another) in the
 * initlib module tree: a `BaseModule` whose children are its layers, named as tfjs names them.
 * `typeName` is the tfjs class (`Sequential`, `Model`).
 * @example
 * const encoder = wrapped.getSubmodule("encoder") as LayersModelModule;
 * encoder.tfjsModel.summary();
 */
export class LayersModelModule extends BaseModule {
  static override readonly typeName: string = "LayersModel";
  static override readonly typeBases: readonly string[] = ["BaseModule"];
  readonly #model: LayersModelLike;

  /** @internal built by `fromLayersModel`. */
  constructor(model: LayersModelLike, initCfg?: ModuleInitCfg) {
    super(initCfg);
    this.#model = model;
    this.setTypeIdentity(model.getClassName(), ["BaseModule"]);
  }

  /** The tfjs-layers model this module stands for. */
  get tfjsModel(): LayersModelLike {
    return this.#model;
  }
}

/**
 * The root of a wrapped tfjs-layers model, returned by {@link fromLayersModel}. Its parameters are
 * the model's weight variables: `initWeights()` writes the model's real weights (on {@link
 * WrappedLayersModel.backend}, the default), `read()` reads them, and training the model changes
 * what initlib reads.
 * @example
 * const wrapped = await fromLayersModel(model, { initCfg: { type: "Kaiming", layer: "Conv2d" } });
 * await wrapped.initWeights({ seed: 0 });
 */
export class WrappedLayersModel extends LayersModelModule {
  readonly #binder: LayersModelBinder;

  /** @internal built by `fromLayersModel`. */
  constructor(model: LayersModelLike, binder: LayersModelBinder, initCfg?: ModuleInitCfg) {
    super(model, initCfg);
    this.#binder = binder;
  }

  /** The tfjs backend bound to the model's variables; `initWeights()` runs on it. */
  get backend(): LayersModelBackend {
    return this.#binder.backend;
  }

  /**
   * MMEngine's `init_weights` on the model (see `BaseModule.initWeights`), written into the model's
   * variables. `backend`, when given, must be {@link WrappedLayersModel.backend}.
   * @example
   * const report = await wrapped.initWeights({ seed: 1, logger: silentLogger });
   */
  override async initWeights(options: InitWeightsOptions = {}): Promise<InitReport> {
    if (options.backend !== undefined && options.backend !== this.backend) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a wrapped tfjs-layers model is initialized on the backend bound to its variables", {
        path: "initWeights.backend",
        received: options.backend.name,
        expected: `wrapped.backend (${this.backend.name}) or no backend`,
        hint: "leave `backend` out: the parameters are the model's tf.Variables and are written in place",
      });
    }
    // The backend's commit hook moves the values into the model's variables (see createLayersModelBinder).
    return super.initWeights(options);
  }
}
