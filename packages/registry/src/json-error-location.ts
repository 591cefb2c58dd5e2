import { jsonErrorOffset } from "./json-error-offset";

/** Line and column (both 1-based) of a place in a text. */
export interface TextLocation {
  readonly line: number;
  readonly column: number;
}

/** Line and column of a character offset in `text`. */
export function locationOf(text: string, offset: number): TextLocation {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/**
 * Where JSON text that `JSON.parse` rejected first goes wrong, as line and column. Engines name
 * the position for some errors only (Chromium's "Unexpected token" message has none), so the text
 * is scanned by a small JSON grammar walk: what config editors show next to a syntax error.
 * `undefined` when the text is valid JSON.
 * @example
 * jsonErrorLocation('{\n  "a": x\n}'); // { line: 2, column: 8 }
 */
export function jsonErrorLocation(text: string): TextLocation | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : locationOf(text, offset);
}
