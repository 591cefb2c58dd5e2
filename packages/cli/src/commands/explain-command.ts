import { explain } from "@initlib/core";
import type { CliIo } from "../cli-io";
import { loadModelFile } from "../load-model-file";
import type { CliCommand } from "../parse-arguments";
import { requireBaseModuleRoot } from "./init-command";

/**
 * `initlib explain <model>`: prints the plan of `initWeights()` — each parameter, the rule that
 * will write it, its fans and the resulting std; then each rule in the order it runs with what it
 * matches, and the parameters no rule touches — without allocating or writing anything (no
 * backend is started; user-defined `init_weights` code is not run). `--json` prints the same as
 * `{ topClass, parameters, rules, untouched, warnings }`.
 * @example
 * await runExplainCommand({ kind: "explain", modelPath: "toynet.yaml", seed: 0, backend: "host", verbose: false }, io);
 */
export async function runExplainCommand(command: Extract<CliCommand, { kind: "explain" }>, io: CliIo): Promise<void> {
  const { model } = await loadModelFile(io.resolvePath(command.modelPath));
  const plan = await explain(requireBaseModuleRoot(model), { seed: command.seed, print: false, strict: command.strict ?? false });
  if (command.json) {
    const { topClass, parameters, rules, untouched, warnings } = plan;
    io.stdout.write(`${JSON.stringify({ topClass, parameters, rules, untouched, warnings }, null, 2)}\n`);
  } else io.stdout.write(`${plan.text}\n`);
}
