import { dirname, resolve } from "node:path";
import { BaseModule, buildModuleFromSpec, type Module, type ModuleSpec } from "@initlib/core";
import { loadConfigFile } from "@initlib/registry";

/** A model built from a model file. */
export interface LoadedModel {
  readonly model: Module;
  /** Absolute path of the model file. */
  readonly path: string;
  /** Folder that checkpoint paths in the spec are relative to. */
  readonly baseDirectory: string;
}

/**
 * Reads a model file (JSON or YAML, MMEngine's snake_case keys kept as written) through the
 * registry's config loader, so `_base_` (relative to the including file, each file once, cycles
 * and depth capped) and `_delete_` work as in MMEngine's configs and syntax errors give line and
 * column; then builds the module tree, which checks the whole file first and reports every
 * problem in one error. `Pretrained` checkpoint paths resolve against the model file's folder.
 * @example
 * const { model } = await loadModelFile("configs/toynet.yaml");
 */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  const absolute = resolve(path);
  const spec = (await loadConfigFile(absolute, { preserveKeys: true })) as ModuleSpec;
  const baseDirectory = dirname(absolute);
  const model = buildModuleFromSpec(spec, { baseDirectory });
  return { model, path: absolute, baseDirectory };
}

/** Whether a module can run `initWeights()` as the root of a call (a BaseModule). */
export function isInitializable(model: Module): model is BaseModule {
  return model instanceof BaseModule;
}
