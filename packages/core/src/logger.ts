import { collapseWarnings } from "./collapse-warnings";

/** Severity of a log record, as MMEngine's logger uses them. */
export type LogLevel = "debug" | "info" | "warning";

/** One log record: MMEngine's message text, unchanged. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * Where `initWeights()` sends its log records. `log` receives every record (DEBUG
 * `initialize <Class> with init_cfg ...`, INFO checkpoint lines, WARNINGs, and, unless
 * `writeInitInfo` exists, one INFO record per parameter in MMEngine's dump format). A logger with
 * `writeInitInfo` receives the dump as one text instead, in MMEngine's file-handler format, and the
 * per-parameter records are not logged (as MMEngine does with a `FileHandler`).
 */
export interface InitLogger {
  log(record: LogRecord): void;
  writeInitInfo?(text: string): void;
  /** Awaited at the end of `initWeights()`, for loggers that write asynchronously. */
  flush?(): Promise<void>;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30 };

function timestamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** MMEngine's record layout: `2026/11/29 06:00:00 - initlib - INFO - message`. */
export function formatLogRecord(record: LogRecord, date = new Date()): string {
  return `${timestamp(date)} - initlib - ${record.level.toUpperCase()} - ${record.message}`;
}

/** Options of {@link createConsoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Lowest level printed. @default 'info' */
  readonly level?: LogLevel;
}

/**
 * A logger for people: prints records at or above `level` to the console. Warnings are held until
 * the end of the call (`flush`) and printed collapsed: a message repeated for many parameters or
 * modules becomes one line with the count and the paths, and an identical message is printed once
 * (as MMEngine's console handler drops repeats). initlib is silent unless a logger is passed.
 * @example
 * await model.initWeights({ logger: createConsoleLogger({ level: "debug" }) });
 */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): InitLogger {
  const threshold = ORDER[options.level ?? "info"];
  const warnings: string[] = [];
  return {
    log(record) {
      if (ORDER[record.level] < threshold) return;
      if (record.level === "warning") warnings.push(record.message);
      else console.log(formatLogRecord(record));
    },
    async flush() {
      for (const message of collapseWarnings(warnings.splice(0))) console.warn(formatLogRecord({ level: "warning", message }));
    },
  };
}

/** A logger that keeps everything in memory: for tests and for programs that render records themselves. */
export interface CapturingLogger extends InitLogger {
  readonly records: LogRecord[];
}

/**
 * Captures every record (DEBUG included) in `records`, MMEngine's per-parameter INFO records
 * included.
 * @example
 * const logger = createCapturingLogger();
 * await model.initWeights({ logger });
 * logger.records.filter((r) => r.level === "warning");
 */
export function createCapturingLogger(): CapturingLogger {
  const records: LogRecord[] = [];
  return { records, log: (record) => void records.push(record) };
}

/** Logs nothing. @example await model.initWeights({ logger: silentLogger }); */
export const silentLogger: InitLogger = Object.freeze({ log: () => {} });
