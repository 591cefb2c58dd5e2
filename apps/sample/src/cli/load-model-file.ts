import { access } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { buildModuleFromSpec, type BaseModule, type Module } from "@initlib/core";
import { InitlibError, loadConfigFile } from "@initlib/registry";

/** A model built from a ModuleSpec file. */
export interface LoadedModel {
  readonly model: Module;
  /** Absolute path of the model file. */
  readonly path: string;
  /** Folder that checkpoint paths in the spec are relative to. */
  readonly baseDirectory: string;
}

/**
 * Reads a ModuleSpec (the schema of MMEngine's recorded cases: `class`, `base`, `args`, `init_cfg`,
 * `children`, `params`, `buffers`, `user_init_weights`, `is_init`) from a JSON or YAML file and
 * builds the module tree. MMEngine's snake_case spelling is accepted as is; `_base_` files are
 * merged. Checkpoint paths of `Pretrained` entries are resolved against the model file's folder.
 * @example
 * const { model } = await loadModelFile("configs/toynet.yaml");
 */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  const absolute = resolve(path);
  try {
    await access(absolute);
  } catch (error) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `model file not found: ${path}`, {
      received: absolute,
      expected: "a ModuleSpec as .json, .yaml or .yml",
      hint: "check the path (relative paths start from the current folder)",
      cause: error,
    });
  }
  const spec = await loadConfigFile(absolute);
  const baseDirectory = dirname(absolute);
  const model = await buildModuleFromSpec(spec as never, { baseDirectory });
  return { model, path: absolute, baseDirectory };
}

/** Whether a module can run `initWeights()` (a BaseModule, or a plain Module with its own method). */
export function isInitializable(model: Module): model is BaseModule {
  return typeof (model as Partial<BaseModule>).initWeights === "function";
}
