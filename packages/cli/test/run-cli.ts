import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/initlib.mjs", import.meta.url));

/** What one run of the real CLI printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns `bin/initlib.mjs` (the same launcher `pnpm initlib` uses) in `cwd`, with pipes (not a
 * terminal, so no progress line) and without the variables a pnpm script would add.
 */
export function runInitlib(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  // `undefined` in `env` removes a variable.
  const environment: Record<string, string | undefined> = { ...process.env, ...env };
  delete environment.npm_lifecycle_event;
  delete environment.INIT_CWD;
  for (const [key, value] of Object.entries(environment)) if (value === undefined) delete environment[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: environment, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
