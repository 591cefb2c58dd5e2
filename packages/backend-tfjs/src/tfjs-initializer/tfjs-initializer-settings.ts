import { buildInitializer, type Layout, WEIGHT_INITIALIZERS, type WeightInitializer } from "@initlib/initializers";
import { InitlibError, isPlainObject, normalizeKeys } from "@initlib/registry";

// The settings of a tfjs initializer made from an initlib config, read and checked once, and the
// form they take in a saved model: one JSON string under a `name` key, because tfjs-layers
// converts every other string of a saved config to snake_case (and back to camelCase on load),
// which would turn `Kaiming` into `kaiming` and `fan_in` into `fanIn`.

/** Which part of a layer the initializer fills: the weight rule, or the rule's `bias` value. */
export type TfjsInitializerRole = "weight" | "bias";

/** The options of `toTfjsInitializer` that decide the values (everything but the tfjs namespace). */
export interface TfjsInitializerSettings {
  /** Seed of initlib's generator. @default 0 */
  readonly seed?: number;
  /**
   * The path of the random key: values depend only on (seed, path, shape), as in initlib's own
   * `initWeights()`. Give each layer its own, e.g. `fc.weight` (the name `fromLayersModel` gives
   * the kernel of the layer named `fc`), to get the values initlib writes there. The first tensor
   * this object initializes uses `path`, the n-th after it `path#n`. @default "kernel"
   */
  readonly path?: string;
  /** Axis layout of the weights (`IO`, `HWIO`, `HWIM`, ...). @default by rank, tfjs-layers' kernels: IO, LIO, HWIO, DHWIO */
  readonly layout?: Layout;
  /** `weight`: the initializer's weight rule; `bias`: a constant, the rule's `bias` (as a `biasInitializer`). @default "weight" */
  readonly role?: TfjsInitializerRole;
}

/** Settings after checking, with the defaults filled in and the initializer built. */
export interface ResolvedTfjsInitializerSettings {
  readonly initCfg: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly path: string;
  readonly layout: Layout | undefined;
  readonly role: TfjsInitializerRole;
  readonly initializer: WeightInitializer;
}

/** The default layout of a tfjs-layers kernel of `rank` dimensions (undefined: torch's convention applies). */
export function defaultTfjsLayout(rank: number): Layout | undefined {
  return ({ 2: "IO", 3: "LIO", 4: "HWIO", 5: "DHWIO" } as Readonly<Record<number, Layout>>)[rank];
}

/**
 * Checks an init_cfg entry and the settings, and builds the initializer: a coded `InitlibError`
 * naming the key for anything wrong, before any tfjs layer is built.
 */
export function resolveTfjsInitializerSettings(initCfg: unknown, settings: TfjsInitializerSettings, path = "toTfjsInitializer"): ResolvedTfjsInitializerSettings {
  if (!isPlainObject(initCfg)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "toTfjsInitializer takes one init_cfg entry", {
      path: `${path}.initCfg`,
      received: initCfg,
      expected: "an object such as { type: 'Kaiming', mode: 'fan_in' }",
    });
  }
  const entry = normalizeKeys(initCfg, { path: `${path}.initCfg` }) as Record<string, unknown>;
  for (const key of ["override", "params"] as const) {
    if (entry[key] !== undefined && entry[key] !== null) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `a tfjs initializer has no use for ${key}`, {
        path: `${path}.initCfg.${key}`,
        received: entry[key],
        expected: "one initializer entry: { type, ...arguments }",
        hint: "tfjs calls the initializer for each weight it is given to; choose per layer instead",
      });
    }
  }
  const seed = settings.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "seed must be an integer in [0, 2^53)", { path: `${path}.seed`, received: settings.seed });
  }
  const keyPath = settings.path ?? "kernel";
  if (typeof keyPath !== "string" || keyPath === "") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "path must be a non-empty string", { path: `${path}.path`, received: settings.path, expected: "e.g. 'fc.weight'" });
  }
  const role = settings.role ?? "weight";
  if (role !== "weight" && role !== "bias") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "role must be 'weight' or 'bias'", { path: `${path}.role`, received: settings.role, expected: "'weight' or 'bias'" });
  }
  if (settings.layout !== undefined && (typeof settings.layout !== "string" || settings.layout === "")) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "layout must be a string of axis letters", { path: `${path}.layout`, received: settings.layout, expected: "e.g. 'HWIO'" });
  }
  const initializer = buildInitializer(entry, `${path}.initCfg`);
  const pretrained = WEIGHT_INITIALIZERS.has("Pretrained") ? (WEIGHT_INITIALIZERS.get("Pretrained") as unknown as abstract new (...args: never[]) => object) : undefined;
  if (pretrained !== undefined && initializer instanceof pretrained) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "Pretrained cannot be a tfjs initializer", {
      path: `${path}.initCfg.type`,
      received: entry.type,
      expected: "a fill rule (Normal, Kaiming, Xavier, ...)",
      hint: "load checkpoints with fromLayersModel(model, { initCfg: { type: 'Pretrained', ... } })",
    });
  }
  return { initCfg: entry, seed, path: keyPath, layout: settings.layout, role, initializer };
}

/** The config a saved model holds: every setting in one JSON string under `name`. */
export interface SavedTfjsInitializerConfig {
  readonly settings: { readonly name: string };
}

/** The config `getConfig()` returns. */
export function encodeSettings(settings: ResolvedTfjsInitializerSettings): SavedTfjsInitializerConfig {
  const { initCfg, seed, path, layout, role } = settings;
  return { settings: { name: JSON.stringify({ initCfg, seed, path, ...(layout === undefined ? {} : { layout }), role }) } };
}

/** The init_cfg entry and settings read back from a saved config (the inverse of {@link encodeSettings}). */
export function decodeSettings(config: unknown): { initCfg: unknown; settings: TfjsInitializerSettings } {
  const text = isPlainObject(config) && isPlainObject(config.settings) ? config.settings.name : undefined;
  let decoded: unknown;
  try {
    decoded = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    decoded = undefined;
  }
  if (!isPlainObject(decoded)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "the saved config of an InitlibInitializer is not one that getConfig() wrote", {
      path: "InitlibInitializer.config.settings.name",
      received: config,
      expected: '{ settings: { name: \'{"initCfg": {...}, "seed": 0, "path": "..."}\' } }',
      hint: "save the model again with the same version of @initlib/backend-tfjs",
    });
  }
  const { initCfg, seed, path, layout, role } = decoded as Record<string, unknown>;
  return { initCfg, settings: { seed: seed as number, path: path as string, layout: layout as Layout | undefined, role: role as TfjsInitializerRole } };
}
