import { InitlibError, isPlainObject } from "@initlib/registry";
import type { WeightInitializer } from "../weight-initializer";
import type { InitCfgEntry } from "./init-cfg";
import { WEIGHT_INITIALIZERS } from "./weight-initializers";

/**
 * Builds the initializer of one `initCfg` entry from {@link WEIGHT_INITIALIZERS}, leaving its
 * `override` to the caller (MMEngine pops it before building). The entry is expected normalized
 * (camelCase keys). Every error names `path`: an unknown type (with the closest registered names),
 * a missing `type`, a bad argument (`initCfg[0].std`).
 * @default path "initCfg"
 * @example
 * const kaiming = buildInitializer({ type: "Kaiming", layer: "Conv2d" }, "initCfg[0]");
 */
export function buildInitializer(entry: InitCfgEntry | Readonly<Record<string, unknown>>, path = "initCfg"): WeightInitializer {
  if (!isPlainObject(entry)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "an initCfg entry must be an object", {
      path,
      received: entry,
      expected: "an object such as { type: 'Kaiming', layer: 'Conv2d' }",
    });
  }
  const config: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
  delete config.override;
  // A JSON config is only known to be an object here; the registry validates `type` and arguments.
  return WEIGHT_INITIALIZERS.build(config as InitCfgEntry, undefined, { path });
}
