// Temporary files that must not outlive the process: removed on normal exit and on SIGINT/SIGTERM
// (then the signal's default action runs, unless the program handles the signal itself).

const active = new Set<string>();
let installed = false;

function removeAll(): void {
  // Synchronous: this runs from 'exit' and signal handlers, where nothing asynchronous completes.
  const { rmSync } = process.getBuiltinModule("node:fs") as typeof import("node:fs");
  for (const path of active) rmSync(path, { force: true });
  active.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  // Another handler owns the exit; otherwise restore the default action and re-raise.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once("exit", removeAll);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/**
 * Registers `path` as temporary until {@link releaseTemporaryFile}: if the process exits or is
 * interrupted first, the file is removed.
 * @example
 * trackTemporaryFile(partPath); try { ...; await rename(partPath, final) } finally { releaseTemporaryFile(partPath) }
 */
export function trackTemporaryFile(path: string): void {
  install();
  active.add(path);
}

/** Stops tracking `path` (it was renamed into place or removed). */
export function releaseTemporaryFile(path: string): void {
  active.delete(path);
}
