#!/usr/bin/env node
// Runs the CLI from its TypeScript sources (no build step), resolving workspace packages to their
// sources through the `@initlib/source` export condition. The CLI runs in a child process; signals
// sent to this wrapper (Ctrl-C, `kill`, a job runner stopping it) are passed on to the child, and
// the wrapper exits as the child did, so a stopped CLI never leaves a child running.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
// Resolved from this file, so the CLI works from any working directory.
const tsx = import.meta.resolve("tsx");
const child = spawn(process.execPath, ["--conditions=@initlib/source", "--import", tsx, main, ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: process.cwd(),
});
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
const forward = (signal) => child.kill(signal);
for (const signal of forwarded) process.on(signal, forward);
child.on("error", (error) => {
  process.stderr.write(`initlib: cannot start the CLI: ${error.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  for (const name of forwarded) process.off(name, forward);
  if (signal) process.kill(process.pid, signal); // die of the same signal, as a shell expects
  else process.exit(code ?? 1);
});
