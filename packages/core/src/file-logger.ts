import { collapseWarnings } from "./collapse-warnings";
import { formatLogRecord, type InitLogger, type LogLevel } from "./logger";

/** Options of {@link createFileLogger}. */
export interface FileLoggerOptions {
  /** Lowest level written. @default 'info' */
  readonly level?: LogLevel;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30 };

/**
 * A logger that appends to a file in MMEngine's formats: records as
 * `<time> - initlib - LEVEL - message`, and the per-parameter dump as MMEngine's file handler
 * writes it (`Name of parameter - Initialization information` then `\n<name> - <shape>: \n<info> \n`
 * per parameter), not as records. Warnings are written at the end of the call (`flush`), collapsed
 * as {@link createConsoleLogger} prints them. Node only (outside Node `#file-logger` resolves to a
 * stand-in that fails with `INITLIB_BAD_ARGUMENT`);
 * `initWeights()` awaits `flush()`, and a failed write becomes a warning of its report.
 * @example
 * await model.initWeights({ logger: createFileLogger("work_dirs/init.log") });
 */
export function createFileLogger(path: string, options: FileLoggerOptions = {}): InitLogger {
  const threshold = ORDER[options.level ?? "info"];
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const warnings: string[] = [];
  const append = (text: string): void => {
    chain = chain
      .then(async () => {
        const fs = await import("node:fs/promises");
        await fs.appendFile(path, text, "utf8");
      })
      .catch((error: unknown) => {
        failure ??= error;
      });
  };
  return {
    log(record) {
      if (ORDER[record.level] < threshold) return;
      if (record.level === "warning") warnings.push(record.message);
      else append(`${formatLogRecord(record)}\n`);
    },
    writeInitInfo(text) {
      append(text);
    },
    async flush() {
      for (const message of collapseWarnings(warnings.splice(0))) append(`${formatLogRecord({ level: "warning", message })}\n`);
      await chain;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}
