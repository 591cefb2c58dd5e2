import { createCapturingLogger, materialize, type BaseModule, type InitReport, type Module } from "@initlib/core";
import { collapseWarnings } from "@initlib/core/internal";
import { writeSafetensors, type SafetensorsTensor } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { createCliBackend } from "../cli-backend";
import type { CliIo } from "../cli-io";
import { isInitializable, loadModelFile } from "../load-model-file";
import { CLI_LOG_LEVELS, type CliCommand } from "../parse-arguments";
import { createPendingOutputs, requireFilePath } from "../pending-outputs";
import { createProgress } from "../progress";

/** The JSON the `--report` file holds. */
export interface ReportFile {
  readonly model: string;
  readonly seed: number;
  readonly backend: string;
  readonly parameters: readonly { name: string; shape: readonly number[]; info: string; history: readonly string[] }[];
  readonly warnings: readonly string[];
  readonly loadReports: InitReport["loadReports"];
  /** Every rule in the order it ran, with what it wrote (and, for `params`, what each pattern matched). */
  readonly rules: InitReport["rules"];
  /** Parameters no rule wrote. */
  readonly untouched: readonly string[];
}

/**
 * `initlib init <model> [--seed N] [--backend B] [--out F] [--report F]`: builds the model,
 * initializes it, and writes the weights (safetensors, dotted names) and the report (JSON). Both
 * files are written under temporary names and renamed only when everything succeeded, so a failure
 * leaves neither (and no earlier version is touched).
 * @example
 * await runInitCommand({ kind: "init", modelPath: "m.json", seed: 0, backend: "host", verbose: false, outPath: "w.safetensors" }, io);
 */
export async function runInitCommand(command: Extract<CliCommand, { kind: "init" }>, io: CliIo): Promise<void> {
  if (command.outDirectory !== undefined) {
    const { runStreamedInitCommand } = await import("./init-stream-command");
    return runStreamedInitCommand(command, io);
  }
  const progress = createProgress(io.stderr);
  const outputs = createPendingOutputs();
  if (command.outPath !== undefined) requireFilePath(command.outPath, "--out");
  if (command.reportPath !== undefined) requireFilePath(command.reportPath, "--report");
  const weightsOutput = command.outPath === undefined ? undefined : outputs.add(io.resolvePath(command.outPath));
  const reportOutput = command.reportPath === undefined ? undefined : outputs.add(io.resolvePath(command.reportPath));
  try {
    for (const note of await outputs.check()) io.stderr.write(`warning: ${note}\n`);
    progress.update(`building ${command.modelPath}`);
    const model = (await loadModelFile(io.resolvePath(command.modelPath))).model;
    progress.update(`starting the ${command.backend} backend`);
    const { backend, description, startOutputReads } = await createCliBackend(command.backend);
    const parameterCount = model.namedParameters().length;
    progress.update(`initializing ${parameterCount} parameters on ${description}`);
    const logger = createCapturingLogger();
    const started = performance.now();
    // A plain root (a torch model without init_cfg) cannot run MMEngine's init_weights: its tensors
    // get their torch defaults, as constructing the model in PyTorch gives them.
    const report = isInitializable(model)
      ? await model.initWeights({ backend, seed: command.seed, logger })
      : withWarning(await materialize(model, backend, { seed: command.seed }), `the root ${model.typeName} is a plain module (no BaseModule, no init_cfg): every tensor has its torch default`);
    const elapsed = performance.now() - started;
    // Nothing writes the tensors any more: the weights file is written from their storage, uncopied.
    startOutputReads?.();

    let weightBytes = 0;
    let writtenCount = 0;
    if (weightsOutput) {
      const tensors: Record<string, SafetensorsTensor> = {};
      // What torch's state_dict() holds: parameters and buffers, under their dotted names.
      const named = [...model.stateEntries()];
      for (const [index, { name, tensor }] of named.entries()) {
        progress.update("reading parameters and buffers", index, named.length);
        const data = await tensor.read();
        weightBytes += data.byteLength;
        tensors[name] = { data, shape: tensor.shape, ...(tensor.layout ? { layout: tensor.layout } : {}) };
      }
      writtenCount = named.length;
      progress.update("writing weights", named.length, named.length);
      await outputs.prepare(weightsOutput);
      await writeSafetensors(weightsOutput.temporaryPath, tensors, { format: "pt", producer: "initlib", seed: String(command.seed) });
    }
    if (reportOutput) await outputs.writeText(reportOutput, `${JSON.stringify(reportFileOf(report, io.resolvePath(command.modelPath), description), null, 2)}\n`);
    await outputs.commit();
    progress.finish();

    // Each warning once: the report repeats the logger's, and many name one parameter each.
    const warnings = [...logger.records.filter((record) => record.level === "warning").map((record) => record.message), ...report.warnings];
    if (command.json) {
      io.stdout.write(`${JSON.stringify({ ...reportFileOf(report, io.resolvePath(command.modelPath), description), outputs: [weightsOutput?.path, reportOutput?.path].filter(Boolean) }, null, 2)}\n`);
      return;
    }
    if (command.quiet) return;
    // MMEngine's DEBUG/INFO lines when asked for; warnings (collapsed) unless --log-level error.
    const shown = CLI_LOG_LEVELS.slice(CLI_LOG_LEVELS.indexOf(command.logLevel));
    for (const record of logger.records) if ((record.level === "debug" || record.level === "info") && (shown as readonly string[]).includes(record.level)) io.stderr.write(`${record.message}\n`);
    if (shown.includes("warning")) for (const warning of collapseWarnings(warnings)) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(summarize(report, description, elapsed));
    if (weightsOutput) io.stdout.write(`wrote ${weightsOutput.path} (${writtenCount} tensors, ${formatBytes(weightBytes)})\n`);
    if (reportOutput) io.stdout.write(`wrote ${reportOutput.path}\n`);
  } catch (error) {
    progress.finish();
    await outputs.discard();
    throw error;
  }
}

function withWarning(report: InitReport, warning: string): InitReport {
  return { ...report, warnings: [...report.warnings, warning] };
}

/**
 * The root of a model file must be a BaseModule-family module: `initWeights()` and its report
 * start there.
 * @example
 * const root = requireBaseModuleRoot(model);
 */
export function requireBaseModuleRoot(model: Module): BaseModule {
  if (isInitializable(model)) return model;
  throw new InitlibError("INITLIB_BAD_CONFIG", "the root module cannot run initWeights()", {
    path: "base",
    received: model.typeName,
    expected: "a BaseModule-family root: base BaseModule, Sequential, ModuleList or ModuleDict",
    hint: "wrap the model in a root with base: BaseModule",
  });
}

/** The `--report` JSON of an init report. */
export function reportFileOf(report: InitReport, modelPath: string, backend: string): ReportFile {
  return {
    model: modelPath,
    seed: report.seed,
    backend,
    parameters: report.parameters.map(({ name, shape, info, history }) => ({ name, shape: [...shape], info, history: [...history] })),
    warnings: [...report.warnings],
    loadReports: report.loadReports,
    rules: report.rules,
    untouched: [...report.untouched],
  };
}

function summarize(report: InitReport, backend: string, elapsedMs: number): string {
  const values = report.parameters.reduce((total, p) => total + p.shape.reduce((a, b) => a * b, 1), 0);
  const byInfo = new Map<string, number>();
  for (const parameter of report.parameters) byInfo.set(parameter.infoTrimmed, (byInfo.get(parameter.infoTrimmed) ?? 0) + 1);
  const lines = [
    `initialized ${report.topClass}: ${report.parameters.length} parameters (${values.toLocaleString("en-US")} values) on ${backend}, seed ${report.seed}, in ${elapsedMs.toFixed(0)} ms`,
    ...[...byInfo].map(([info, count]) => `  ${String(count).padStart(4)} × ${info}`),
  ];
  return `${lines.join("\n")}\n`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
