/** Stable codes of every error initlib raises; tests and callers match on these, never on text. */
export type InitlibErrorCode =
  | "INITLIB_UNKNOWN_TYPE"
  | "INITLIB_MISSING_TYPE"
  | "INITLIB_BAD_CONFIG"
  | "INITLIB_BAD_ARGUMENT"
  | "INITLIB_DUPLICATE_NAME"
  | "INITLIB_BUILD_FAILED"
  | "INITLIB_MISSING_MODULE"
  | "INITLIB_BAD_SHAPE"
  | "INITLIB_MISSING_CAPABILITY"
  | "INITLIB_BACKEND_FAILURE"
  | "INITLIB_DISPOSED"
  | "INITLIB_CHECKPOINT"
  | "INITLIB_USER_INIT_FAILED"
  | "INITLIB_INVALID_CONFIG"
  | "INITLIB_PARSE_ERROR"
  | "INITLIB_CONFIG_LIMIT"
  | "INITLIB_CONFIG_CYCLE"
  | "INITLIB_UNKNOWN_KEY"
  | "INITLIB_RESERVED_NAME"
  | "INITLIB_UNKNOWN_MODULE_BASE"
  | "INITLIB_CONCURRENT_INIT"
  | "INITLIB_NON_FINITE"
  | "INITLIB_UNSAFE_OUTPUT"
  | "INITLIB_WRITE_FAILED"
  | "INITLIB_BACKEND_SPEC"
  | "INITLIB_NOT_CONVERGED";

/**
 * What an {@link InitlibError} says besides its code and summary; every field is optional and
 * rendered into the message when present.
 * @example
 * const details: InitlibErrorDetails = { path: "initCfg[0].mode", received: "fan", expected: "'fan_in' or 'fan_out'" };
 */
export interface InitlibErrorDetails {
  /** Where in the config the problem is, e.g. `initCfg[1].override.name`. */
  path?: string;
  /** The value that was received. */
  received?: unknown;
  /** What was expected instead, in words. */
  expected?: string;
  /** How to fix it. */
  hint?: string;
  /** The error this one wraps (`error.cause`). */
  cause?: unknown;
  /** Every problem found, for an error that reports several at once (`INITLIB_INVALID_CONFIG`). */
  issues?: readonly InitlibError[];
}

const MARKER = Symbol.for("@initlib/error");

/**
 * The one error shape of initlib: a stable `code`, the config `path`, the value `received`, what was
 * `expected` and a `hint`, all rendered into `message`.
 *
 * Use {@link InitlibError.isInstance} rather than `instanceof`: two copies of the package in one
 * program (a bundler duplicate, CJS next to ESM) each have their own class.
 * @example
 * throw new InitlibError("INITLIB_BAD_ARGUMENT", "std must be >= 0", { path: "initCfg[0].std", received: -1 });
 */
export class InitlibError extends Error {
  readonly code: InitlibErrorCode;
  /** The one-line description, without path and details (`message` is this plus the details). */
  readonly summary: string;
  readonly path: string | undefined;
  readonly received: unknown;
  readonly expected: string | undefined;
  readonly hint: string | undefined;
  /** The problems an aggregate error reports, each with its own code and path; empty otherwise. */
  readonly issues: readonly InitlibError[];
  readonly [MARKER] = true;
  readonly #details: InitlibErrorDetails;

  constructor(code: InitlibErrorCode, summary: string, details: InitlibErrorDetails = {}) {
    super(renderMessage(summary, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "InitlibError";
    this.code = code;
    this.summary = summary;
    this.#details = details;
    this.path = details.path;
    this.received = details.received;
    this.expected = details.expected;
    this.hint = details.hint;
    this.issues = details.issues ?? [];
  }

  /**
   * One error for every problem found in a config: the problem itself when there is one, else an
   * `INITLIB_INVALID_CONFIG` error listing each (its path, summary and details) under `summary`.
   * @example
   * throw InitlibError.aggregate("model.json has 2 problems", [unknownKey, badValue]);
   */
  static aggregate(summary: string, issues: readonly InitlibError[], details: Omit<InitlibErrorDetails, "issues"> = {}): InitlibError {
    if (issues.length === 1) return issues[0]!;
    return new InitlibError("INITLIB_INVALID_CONFIG", summary, { ...details, issues });
  }

  static isInstance(value: unknown): value is InitlibError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /**
   * The same error (same code, summary, details and cause) located under `prefix`: an error raised
   * with path `std` while building `initCfg[0]` becomes `initCfg[0].std`. The stack is kept.
   * @example
   * error.withPathPrefix("initCfg[0]"); // path "std" -> "initCfg[0].std"
   */
  withPathPrefix(prefix: string): InitlibError {
    const details: InitlibErrorDetails = { ...this.#details, path: joinConfigPath(prefix, this.path ?? "") };
    const prefixed = new InitlibError(this.code, this.summary, details);
    if (this.stack !== undefined) prefixed.stack = this.stack.replace(this.message, prefixed.message);
    return prefixed;
  }
}

/**
 * Joins a config path prefix and a path below it: `("initCfg[0]", "std")` → `initCfg[0].std`,
 * `("initCfg", "[1]")` → `initCfg[1]`; an empty side yields the other. A prefix ending in `#` (a
 * file, `model.yaml#`) is followed directly: `model.yaml#initCfg`.
 * @example
 * joinConfigPath("initCfg[0]", "override.name"); // "initCfg[0].override.name"
 */
export function joinConfigPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") || prefix.endsWith("#") ? `${prefix}${path}` : `${prefix}.${path}`;
}

function renderMessage(summary: string, details: InitlibErrorDetails): string {
  const lines = [details.path ? `${details.path}: ${summary}` : summary];
  if ("received" in details) lines.push(`  received: ${describeValue(details.received)}`);
  if (details.expected) lines.push(`  expected: ${details.expected}`);
  if (details.hint) lines.push(`  fix: ${details.hint}`);
  for (const [index, issue] of (details.issues ?? []).entries()) {
    lines.push(`${index + 1}. [${issue.code}] ${issue.message.replaceAll("\n", "\n   ")}`);
  }
  return lines.join("\n");
}

/** A short, JSON-like rendering of a value for error messages (never throws, never huge). */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `[function ${(value as { name?: string }).name || "anonymous"}]`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
