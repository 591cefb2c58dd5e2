import { InitlibError } from "@initlib/registry";
import { UsageError } from "./parse-arguments";

/** How the CLI reports a failure: the text for stderr and the exit code. */
export interface FormattedError {
  readonly text: string;
  /** 2 for a wrong command line, 1 for everything else. */
  readonly exitCode: 1 | 2;
}

/**
 * Renders an error for a person at a terminal. InitlibErrors already carry the config path, the
 * value received, what was expected and how to fix it; their code is shown too. Stack traces and
 * the chain of causes are printed only with `verbose`.
 * @example
 * formatError(new UsageError("unknown command"), false).text; // "initlib: unknown command\nRun `initlib --help` ..."
 */
export function formatError(error: unknown, verbose: boolean): FormattedError {
  if (error instanceof UsageError) {
    return { text: `initlib: ${error.message}\nRun \`initlib --help\` for usage.\n`, exitCode: 2 };
  }
  const lines: string[] = [];
  // Every failure is reported with a code; one without its own is not an input problem initlib
  // recognised, so it is reported as internal, with what to do about it.
  const code = codeOf(error) ?? "INITLIB_INTERNAL";
  lines.push(`initlib: error [${code}]`);
  lines.push(indentMessage(messageOf(error)));
  if (codeOf(error) === undefined) lines.push("  fix: this is not a known input problem; rerun with --verbose and report the output to the initlib issue tracker");
  if (verbose) {
    let current: unknown = error;
    const seen = new Set<unknown>();
    while (current instanceof Error && !seen.has(current)) {
      seen.add(current);
      if (current !== error) lines.push(`caused by${codeOf(current) ? ` [${codeOf(current)}]` : ""}: ${messageOf(current)}`);
      if (current.stack) lines.push(current.stack.split("\n").filter((line) => /^\s+at /.test(line)).join("\n"));
      current = current.cause;
    }
  } else {
    lines.push("(run with --verbose for the stack trace)");
  }
  return { text: `${lines.filter((line) => line !== "").join("\n")}\n`, exitCode: 1 };
}

function codeOf(error: unknown): string | undefined {
  if (InitlibError.isInstance(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function indentMessage(message: string): string {
  return message
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
