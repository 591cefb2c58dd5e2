import { resolve } from "node:path";

/** Where the CLI writes and how it resolves paths (injectable for tests). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; readonly columns?: number; write(text: string): unknown };
  /** Resolves a path from the command line against the folder the user ran the command in. */
  resolvePath(path: string): string;
}

/**
 * The process's streams, with paths resolved against the folder the user typed the command in:
 * `pnpm initlib` (the root script) runs in the repository root, and pnpm passes the original
 * folder as `INIT_CWD`; everything else resolves against the current directory.
 * @example
 * const io = processIo();
 */
export function processIo(): CliIo {
  const launchedByScript = process.env.npm_lifecycle_event === "initlib" || process.env.npm_lifecycle_event === "start";
  const base = launchedByScript && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return { stdout: process.stdout, stderr: process.stderr, resolvePath: (path) => resolve(base, path) };
}
