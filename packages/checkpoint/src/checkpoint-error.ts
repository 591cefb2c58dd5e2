/** Stable codes of every error the checkpoint readers raise; match on these, never on the text. */
export type CheckpointErrorCode =
  | "CHECKPOINT_NOT_FOUND"
  | "CHECKPOINT_IO"
  | "CHECKPOINT_UNKNOWN_FORMAT"
  | "CHECKPOINT_LEGACY_FORMAT"
  | "CHECKPOINT_TRUNCATED"
  | "CHECKPOINT_BAD_HEADER"
  | "CHECKPOINT_BAD_OFFSETS"
  | "CHECKPOINT_BAD_SHAPE"
  | "CHECKPOINT_UNSUPPORTED_DTYPE"
  | "CHECKPOINT_BAD_ZIP"
  | "CHECKPOINT_TOO_LARGE"
  | "CHECKPOINT_BAD_PICKLE"
  | "CHECKPOINT_FORBIDDEN_GLOBAL"
  | "CHECKPOINT_FORBIDDEN_OPCODE"
  | "CHECKPOINT_NO_STATE_DICT"
  | "CHECKPOINT_UNKNOWN_KEY"
  | "CHECKPOINT_HTTP"
  | "CHECKPOINT_NETWORK"
  | "CHECKPOINT_TIMEOUT"
  | "CHECKPOINT_HASH_MISMATCH"
  | "CHECKPOINT_CLOSED"
  | "CHECKPOINT_BAD_ARGUMENT"
  | "CHECKPOINT_UNSAFE_PATH";

export interface CheckpointErrorDetails {
  /** The file or URL concerned, named in the message. */
  file?: string;
  /** The offending value (a key, an offset, a global name). */
  received?: unknown;
  /** What was expected instead, in words. */
  expected?: string;
  /** How to fix it. */
  hint?: string;
  cause?: unknown;
}

const MARKER = Symbol.for("@initlib/checkpoint-error");

/**
 * The one error shape of `@initlib/checkpoint`: a stable `code`, the `file` concerned, the value
 * `received`, what was `expected` and a `hint`, all rendered into `message`. It mirrors
 * `InitlibError` without depending on it, so the readers stay usable on their own.
 *
 * Use {@link CheckpointError.isInstance} rather than `instanceof`: two copies of the package in one
 * program each have their own class.
 * @example
 * try { await openCheckpoint("missing.pth"); }
 * catch (error) { if (CheckpointError.isInstance(error) && error.code === "CHECKPOINT_NOT_FOUND") { ... } }
 */
export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  readonly file: string | undefined;
  readonly received: unknown;
  readonly expected: string | undefined;
  readonly hint: string | undefined;
  readonly [MARKER] = true;

  constructor(code: CheckpointErrorCode, summary: string, details: CheckpointErrorDetails = {}) {
    super(renderMessage(summary, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "CheckpointError";
    this.code = code;
    this.file = details.file;
    this.received = details.received;
    this.expected = details.expected;
    this.hint = details.hint;
  }

  /** True for a `CheckpointError` from any copy of this package. */
  static isInstance(value: unknown): value is CheckpointError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

function renderMessage(summary: string, details: CheckpointErrorDetails): string {
  const lines = [details.file === undefined ? summary : `${details.file}: ${summary}`];
  if ("received" in details) lines.push(`  received: ${describe(details.received)}`);
  if (details.expected) lines.push(`  expected: ${details.expected}`);
  if (details.hint) lines.push(`  fix: ${details.hint}`);
  return lines.join("\n");
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 200 ? `${value.slice(0, 197)}...` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return String(value);
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${item}n` : item));
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
