import { InitlibError } from "./initlib-error";
import { locationOf } from "./json-error-location";
import { jsonErrorOffset } from "./json-error-offset";

/** Deepest nesting of objects and arrays a parsed config may have. */
export const MAX_CONFIG_DEPTH = 200;

/**
 * The nesting depth of a parsed value, measured without recursion (a hostile file may nest far
 * deeper than the call stack allows); stops at `limit + 1`.
 */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Parses the text of a JSON or YAML config. A syntax error is `INITLIB_PARSE_ERROR` with the
 * file, line and column; nesting deeper than {@link MAX_CONFIG_DEPTH} is `INITLIB_CONFIG_LIMIT`
 * (checked without recursion, so no input overflows the stack). YAML aliases are capped by the
 * YAML parser (`maxAliasCount` 100), which defuses "billion laughs" documents.
 * @example
 * parseConfigText('{"type": "Normal"}', "json", "init.json"); // { type: "Normal" }
 */
export async function parseConfigText(text: string, syntax: "json" | "yaml", file: string, maxDepth = MAX_CONFIG_DEPTH): Promise<unknown> {
  let value: unknown;
  try {
    if (syntax === "json") value = JSON.parse(text);
    else {
      const { parseDocument } = await import("yaml");
      const document = parseDocument(text, { uniqueKeys: true });
      const [first] = document.errors;
      if (first) {
        const { line, col } = first.linePos?.[0] ?? { line: 0, col: 0 };
        throw new InitlibError("INITLIB_PARSE_ERROR", `the config file is not valid YAML (line ${line}, column ${col}): ${first.message.split("\n")[0]}`, {
          path: `${file}#`,
          expected: "YAML text",
          hint: `fix the syntax at line ${line}, column ${col}`,
        });
      }
      value = document.toJS({ maxAliasCount: 100 });
    }
  } catch (error) {
    if (InitlibError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const offset = syntax === "json" ? jsonErrorOffset(text) : undefined;
    const where = offset === undefined ? undefined : locationOf(text, offset);
    const at = where ? ` (line ${where.line}, column ${where.column})` : "";
    throw new InitlibError("INITLIB_PARSE_ERROR", `the config file is not valid ${syntax === "json" ? "JSON" : "YAML"}${at}: ${message.split("\n")[0]}`, {
      path: `${file}#`,
      expected: syntax === "json" ? "JSON text" : "YAML text",
      hint: where ? `fix the syntax at line ${where.line}, column ${where.column}` : "fix the syntax",
      cause: error,
    });
  }
  if (nestingDepth(value, maxDepth) > maxDepth) {
    throw new InitlibError("INITLIB_CONFIG_LIMIT", `${file} nests objects and arrays more than ${maxDepth} levels deep`, {
      path: `${file}#`,
      expected: `at most ${maxDepth} levels`,
      hint: "a model or config is never this deep; the file is malformed or hostile",
    });
  }
  return value;
}
