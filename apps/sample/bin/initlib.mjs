#!/usr/bin/env node
// Runs the CLI from its TypeScript sources (no build step), resolving workspace packages to their
// sources through the `@initlib/source` export condition.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
// Resolved from this file, so the CLI works from any working directory.
const tsx = import.meta.resolve("tsx");
const result = spawnSync(
  process.execPath,
  ["--conditions=@initlib/source", "--import", tsx, main, ...process.argv.slice(2)],
  { stdio: "inherit", cwd: process.cwd() },
);
process.exit(result.status ?? 1);
