import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { BaseModule, buildModuleFromSpec, type Module, type ModuleSpec } from "@initlib/core";
import { InitlibError, isPlainObject } from "@initlib/registry";
import { parse as parseYaml } from "yaml";

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
 * builds the module tree. The spec keeps MMEngine's snake_case spelling as written (the builder
 * reads it that way; `init_cfg` entries accept snake_case arguments such as `bias_prob`).
 * Checkpoint paths of `Pretrained` entries resolve against the model file's folder.
 * @example
 * const { model } = await loadModelFile("configs/toynet.yaml");
 */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  const absolute = resolve(path);
  const spec = parseModelText(await readModelText(path, absolute), path);
  const baseDirectory = dirname(absolute);
  const model = buildModuleFromSpec(spec, { baseDirectory });
  return { model, path: absolute, baseDirectory };
}

async function readModelText(path: string, absolute: string): Promise<string> {
  try {
    return await readFile(absolute, "utf8");
  } catch (error) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `cannot read the model file ${path}`, {
      received: absolute,
      expected: "a readable ModuleSpec file (.json, .yaml or .yml)",
      hint: "check the path; relative paths start from the folder you ran the command in",
      cause: error,
    });
  }
}

/**
 * Parses a model file's text: JSON for `.json`, YAML otherwise (YAML also reads JSON), and checks
 * that the result is a ModuleSpec object with `class` and `base`.
 * @example
 * parseModelText('{"class": "ToyNet", "base": "BaseModule"}', "toynet.json");
 */
export function parseModelText(text: string, path: string): ModuleSpec {
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `${path} is not valid ${extname(path).toLowerCase() === ".json" ? "JSON" : "YAML"}`, {
      received: error instanceof Error ? error.message.split("\n")[0] : String(error),
      hint: "fix the syntax at the position given",
      cause: error,
    });
  }
  if (!isPlainObject(value)) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `${path} must hold one ModuleSpec object`, {
      received: value,
      expected: '{ "class": "ToyNet", "base": "BaseModule", "init_cfg": ..., "children": [...] }',
    });
  }
  for (const key of ["class", "base"] as const) {
    if (typeof value[key] !== "string") {
      throw new InitlibError("INITLIB_BAD_CONFIG", `the ModuleSpec has no ${key}`, {
        path: key,
        received: value[key],
        expected: key === "class" ? "the class name layer matching sees, e.g. \"ToyNet\"" : "BaseModule, Sequential, nn.Module, nn.Linear, ...",
      });
    }
  }
  return value as unknown as ModuleSpec;
}

/** Whether a module can run `initWeights()` as the root of a call (a BaseModule). */
export function isInitializable(model: Module): model is BaseModule {
  return model instanceof BaseModule;
}
