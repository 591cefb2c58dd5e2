import { openCheckpoint, redactUrl, type SafetensorsTensor, writeSafetensors } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import type { CliIo } from "../cli-io";
import type { CliCommand } from "../parse-arguments";
import { createPendingOutputs, requireFilePath } from "../pending-outputs";

/**
 * The checkpoint's keys as the output will name them: only those under `prefix` (stripped) when one
 * is given, then each literal prefix rename, in order. Literal prefixes, not regular expressions, so
 * no rename can take super-linear time.
 * @example
 * renamedKeys(["model.fc.w"], "model.", [["fc.", "head."]]); // Map { "model.fc.w" => "head.w" }
 */
export function renamedKeys(keys: readonly string[], prefix: string | undefined, renames: readonly (readonly [string, string])[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of keys) {
    if (prefix !== undefined && !key.startsWith(prefix)) continue;
    let name = prefix === undefined ? key : key.slice(prefix.length);
    for (const [from, to] of renames) if (name.startsWith(from)) name = to + name.slice(from.length);
    out.set(key, name);
  }
  return out;
}

/**
 * `initlib convert <in> <out.safetensors> [--prefix P] [--rename FROM=TO ...]`: rewrites a torch
 * `.pth`, tfjs `model.json`, sharded index or safetensors checkpoint as one safetensors file, every
 * tensor as float32 (declared layouts kept). The output is written under a temporary name and
 * renamed only when complete; an existing output is replaced only by a complete one.
 * @example
 * await runConvertCommand({ kind: "convert", input: "r18.pth", output: "r18.safetensors", renames: [], verbose: false }, io);
 */
export async function runConvertCommand(command: Extract<CliCommand, { kind: "convert" }>, io: CliIo): Promise<void> {
  requireFilePath(command.output, "output");
  const outputs = createPendingOutputs();
  const output = outputs.add(io.resolvePath(command.output));
  const source = /^[a-z]+:\/\//i.test(command.input) ? command.input : io.resolvePath(command.input);
  const reader = await openCheckpoint(source, { progress: false });
  try {
    for (const note of await outputs.check()) io.stderr.write(`warning: ${note}\n`);
    const names = renamedKeys(reader.keys(), command.prefix, command.renames);
    if (names.size === 0) {
      throw new InitlibError("INITLIB_CHECKPOINT", `no key of ${redactUrl(command.input)} starts with ${JSON.stringify(command.prefix)}`, {
        path: "--prefix",
        received: command.prefix,
        expected: `a prefix of the checkpoint's keys, e.g. ${reader.keys().slice(0, 3).map((key) => JSON.stringify(key)).join(", ")}`,
      });
    }
    await reader.prepare?.([...names.keys()]);
    const tensors: Record<string, SafetensorsTensor> = {};
    for (const [key, name] of names) {
      if (Object.hasOwn(tensors, name)) {
        throw new InitlibError("INITLIB_DUPLICATE_NAME", `two keys are renamed to "${name}"`, { path: "--rename", received: key, hint: "make the renames distinct" });
      }
      const entry = reader.entry(key);
      tensors[name] = { data: await reader.read(key), shape: entry.shape, ...(entry.layout ? { layout: entry.layout } : {}) };
    }
    await outputs.prepare(output);
    await writeSafetensors(output.temporaryPath, tensors, { format: "pt", producer: "initlib convert" });
    await outputs.commit();
    io.stdout.write(`wrote ${output.path} (${names.size} tensors from ${redactUrl(command.input)})\n`);
  } catch (error) {
    await outputs.discard();
    throw error;
  } finally {
    await reader.close();
  }
}
