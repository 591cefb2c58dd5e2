import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type InitLogger } from "@initlib/core";
import { formatLogRecord } from "@initlib/core/internal";
import { createCliBackend } from "../cli-backend";
import type { CliIo } from "../cli-io";
import { DOCUMENTATION_EXAMPLES } from "../documentation-examples";
import type { CliCommand } from "../parse-arguments";

/**
 * The default command: MMEngine's five documentation examples, each with its config and the
 * per-parameter init log in MMEngine's format (`<name> - torch.Size([...]): <info>`), on tfjs CPU
 * unless `--backend` says otherwise.
 * @example
 * await runTourCommand({ kind: "tour", backend: "host", verbose: false }, processIo());
 */
export async function runTourCommand(command: Extract<CliCommand, { kind: "tour" }>, io: CliIo): Promise<void> {
  const { backend, description } = await createCliBackend(command.backend);
  const workDirectory = await mkdtemp(join(tmpdir(), "initlib-tour-"));
  // MMEngine's console records (INFO and up) on stdout, warnings on stderr.
  const logger: InitLogger = {
    log(record) {
      if (record.level === "warning") io.stderr.write(`${formatLogRecord(record)}\n`);
      else if (record.level === "info") io.stdout.write(`${formatLogRecord(record)}\n`);
    },
  };
  try {
    io.stdout.write(`MMEngine's weight-initialization examples, run by initlib on ${description}\n`);
    for (const [index, example] of DOCUMENTATION_EXAMPLES.entries()) {
      io.stdout.write(`\n── ${index + 1}. ${example.title} ${"─".repeat(Math.max(3, 72 - example.title.length))}\n`);
      io.stdout.write(`${example.python.replace(/^/gm, "    ")}\n\n`);
      const model = await example.build(workDirectory, backend);
      io.stdout.write(`initlib: new ToyNet(${JSON.stringify(model.rawInitCfg)}).initWeights({ seed: ${index} })\n\n`);
      const report = await model.initWeights({ backend, seed: index, logger });
      for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
      await Promise.all(model.parameters().map((parameter) => parameter.dispose()));
    }
    io.stdout.write("\nEvery line above is MMEngine's own format; `initlib init <model.json> --report r.json` writes the same as JSON.\n");
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}
