import { modelFileJsonSchema } from "@initlib/core";
import type { CliIo } from "../cli-io";

/**
 * `initlib schema`: prints the JSON Schema of model files, with the arguments of every built-in
 * layer and of every registered initializer. Save it and name it in a model file's `"$schema"` to
 * have an editor check and complete the file.
 * @example
 * runSchemaCommand(io); // initlib schema > model-file.schema.json
 */
export function runSchemaCommand(io: CliIo): void {
  io.stdout.write(`${JSON.stringify(modelFileJsonSchema(), null, 2)}\n`);
}
