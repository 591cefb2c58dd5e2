/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
export interface ProgressBar {
  update(received: number): void;
  finish(received: number): void;
}

/**
 * Draws `Downloading <name> [###   ] 42% 12.0/28.5 MiB 3.1 MiB/s` on stderr.
 * @example
 * const bar = createProgressBar("w.safetensors", total); bar.update(received); bar.finish(received);
 */
export function createProgressBar(name: string, total: number | undefined): ProgressBar {
  const started = Date.now();
  let drawn = 0;
  const draw = (received: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = `${(received / 2 ** 20 / seconds).toFixed(1)} MiB/s`;
    const size = `${(received / 2 ** 20).toFixed(1)}${total ? `/${(total / 2 ** 20).toFixed(1)}` : ""} MiB`;
    let bar = "";
    if (total) {
      const filled = Math.min(30, Math.round((received / total) * 30));
      bar = `[${"#".repeat(filled)}${" ".repeat(30 - filled)}] ${Math.floor((received / total) * 100)}% `;
    }
    process.stderr.write(`\rDownloading ${name} ${bar}${size} ${rate}`);
  };
  return {
    update(received) {
      if (Date.now() - drawn < 100) return;
      drawn = Date.now();
      draw(received);
    },
    finish(received) {
      draw(received);
      process.stderr.write("\n");
    },
  };
}
