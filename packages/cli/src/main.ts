import { processIo, type CliIo } from "./cli-io";
import { formatError } from "./format-error";
import { cliVersion } from "./cli-version";
import { commandHelp, HELP_TEXT } from "./help-text";
import { parseArguments, type CliCommand } from "./parse-arguments";

/**
 * Runs the `initlib` command line and returns its exit code: 0 on success, 1 when the run failed
 * (the message names the config path and what was wrong; the stack only with `--verbose`), 2 for a
 * wrong command line.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let command: CliCommand | undefined;
  try {
    command = parseArguments(argv);
    switch (command.kind) {
      case "help":
        io.stdout.write(command.command === undefined ? HELP_TEXT : commandHelp(command.command));
        return 0;
      case "version":
        io.stdout.write(`${cliVersion()}\n`);
        return 0;
      case "tour": {
        const { runTourCommand } = await import("./commands/tour-command");
        await runTourCommand(command, io);
        return 0;
      }
      case "init": {
        const { runInitCommand } = await import("./commands/init-command");
        await runInitCommand(command, io);
        return 0;
      }
      case "explain": {
        const { runExplainCommand } = await import("./commands/explain-command");
        await runExplainCommand(command, io);
        return 0;
      }
      case "schema": {
        const { runSchemaCommand } = await import("./commands/schema-command");
        runSchemaCommand(io);
        return 0;
      }
      case "convert": {
        const { runConvertCommand } = await import("./commands/convert-command");
        await runConvertCommand(command, io);
        return 0;
      }
      case "inspect": {
        const { runInspectCommand } = await import("./commands/inspect-command");
        await runInspectCommand(command, io);
        return 0;
      }
    }
  } catch (error) {
    const verbose = command !== undefined && "verbose" in command ? command.verbose : argv.includes("--verbose") || argv.includes("-v");
    const { text, exitCode } = formatError(error, verbose);
    io.stderr.write(text);
    return exitCode;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
