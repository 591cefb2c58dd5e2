import { collapseWarnings } from "@initlib/core/internal";
import type { CliIo } from "../cli-io";
import { loadModelFile } from "../load-model-file";
import { CLI_LOG_LEVELS, type CliCommand } from "../parse-arguments";
import { createProgress } from "../progress";
import { formatByteSize } from "../streaming/byte-size";
import { initToSafetensors } from "../streaming/init-to-safetensors";

/**
 * `initlib init <model> --out DIR/ [--max-shard-size 5GB] [--max-memory 2GB] [--shard k/n|auto]`:
 * streams the weights to DIR in Hugging Face's sharded layout, generated chunk by chunk on the
 * host within the memory budget (see {@link initToSafetensors}).
 * @example
 * await runStreamedInitCommand({ kind: "init", modelPath: "m.json", outDirectory: "out/", stream: { maxMemory: "1GB" }, ... }, io);
 */
export async function runStreamedInitCommand(command: Extract<CliCommand, { kind: "init" }>, io: CliIo): Promise<void> {
  const progress = createProgress(io.stderr);
  const outDir = io.resolvePath(command.outDirectory!);
  try {
    progress.update(`building ${command.modelPath}`);
    const model = (await loadModelFile(io.resolvePath(command.modelPath))).model;
    progress.update("planning");
    const started = performance.now();
    const stream = command.stream ?? {};
    const output = await initToSafetensors(model, {
      outDir,
      seed: command.seed,
      ...stream,
      onProgress: (written, total) => progress.update(`writing ${formatByteSize(written)} of ${formatByteSize(total)}`, written, total),
    });
    const elapsed = performance.now() - started;
    progress.finish();
    if (command.json) {
      const { directory, layoutFiles, writtenFiles, shard, tensorCount, totalSize, writtenBytes, warnings } = output;
      io.stdout.write(`${JSON.stringify({ directory, layoutFiles, writtenFiles, shard, tensorCount, totalSize, writtenBytes, seed: command.seed, warnings, milliseconds: Math.round(elapsed) }, null, 2)}\n`);
      return;
    }
    if (command.quiet) return;
    const shown = CLI_LOG_LEVELS.slice(CLI_LOG_LEVELS.indexOf(command.logLevel));
    if (shown.includes("warning")) for (const warning of collapseWarnings([...output.warnings])) io.stderr.write(`warning: ${warning}\n`);
    const values = output.plan.tensors.reduce((total, tensor) => total + tensor.elementCount, 0);
    const part = output.shard.count > 1 ? ` (part ${output.shard.index} of ${output.shard.count})` : "";
    io.stdout.write(
      `initialized ${output.plan.topClass}: ${output.tensorCount} tensors (${values.toLocaleString("en-US")} values), seed ${command.seed}, streamed in ${elapsed.toFixed(0)} ms${part}\n`,
    );
    io.stdout.write(`wrote ${output.writtenFiles.length} of ${output.layoutFiles.length} files to ${output.directory} (${formatByteSize(output.writtenBytes)})\n`);
    for (const file of output.writtenFiles) io.stdout.write(`  ${file}\n`);
  } catch (error) {
    progress.finish();
    throw error;
  }
}
