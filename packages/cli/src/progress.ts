/** A progress line on a terminal: redrawn in place, cleared when done. */
export interface Progress {
  /** Shows `label` with a bar for `done` of `total` (or without a bar when `total` is undefined). */
  update(label: string, done?: number, total?: number): void;
  /** Clears the line. */
  finish(): void;
}

interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * Progress on `stream` (stderr) only when it is a terminal, so pipes, files and tests see nothing.
 * Redraws at most every `intervalMs`, except for the first and the last step.
 * @example
 * const progress = createProgress(process.stderr);
 * progress.update("writing weights", 3, 40);
 * progress.finish();
 */
export function createProgress(stream: ProgressStream, options: { intervalMs?: number; now?: () => number } = {}): Progress {
  const intervalMs = options.intervalMs ?? 80;
  const now = options.now ?? Date.now;
  if (!stream.isTTY) return { update() {}, finish() {} };
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(label, done, total) {
      const time = now();
      const last = total !== undefined && done === total;
      if (drawn && !last && time - lastDraw < intervalMs) return;
      lastDraw = time;
      drawn = true;
      stream.write(`\r\x1b[2K${renderProgressLine(label, done, total, stream.columns || 80)}`);
    },
    finish() {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

/**
 * The text of one progress line, at most `columns - 1` characters.
 * @example
 * renderProgressLine("writing", 5, 10, 80); // "[##########          ]  5/10 writing"
 */
export function renderProgressLine(label: string, done: number | undefined, total: number | undefined, columns: number): string {
  let line = label;
  if (done !== undefined && total !== undefined && total > 0) {
    const width = 20;
    const filled = Math.round((Math.min(done, total) / total) * width);
    const count = `${String(done).padStart(String(total).length)}/${total}`;
    line = `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${count} ${label}`;
  }
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}
