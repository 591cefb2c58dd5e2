import type { ParameterReport } from "./init-report";
import { formatInitInfoFile, formatInitInfoRecord } from "./init-report";
import type { InitLogger, LogLevel } from "./logger";
import type { Module } from "./module";
import type { PlannedWrites } from "./planned-writes";

// The report stage of an initWeights() call: per parameter the last writer's info (MMEngine's
// strings) and the history of writers, and MMEngine's per-parameter dump through the logger.

/** What {@link reportInitCall} reads. */
export interface ReportInput {
  readonly top: Module;
  readonly topClass: string;
  readonly dryRun: boolean;
  /** Log MMEngine's per-parameter dump (a top-level `initWeights()` does; `initialize` does not). */
  readonly dump: boolean;
  readonly writes: PlannedWrites;
  readonly logger: InitLogger;
  /** Logs one record of the call (kept in the report's `logs` too). */
  readonly emit: (level: LogLevel, message: string) => void;
}

/**
 * The parameters of the report, and MMEngine's dump of them: one text for a logger with
 * `writeInitInfo` (MMEngine's file-handler format), else one INFO record per parameter. A dry run
 * and a model without parameters dump nothing.
 * @example
 * const parameters = reportInitCall({ top, topClass: "Net", dryRun: false, dump: true, writes, logger, emit });
 */
export function reportInitCall(input: ReportInput): ParameterReport[] {
  const parameters = input.writes.parameterReports(input.top, input.topClass, input.dryRun);
  if (parameters.length === 0 || !input.dump || input.dryRun) return parameters;
  if (input.logger.writeInitInfo) input.logger.writeInitInfo(formatInitInfoFile(parameters));
  else for (const entry of parameters) input.emit("info", formatInitInfoRecord(entry));
  return parameters;
}
