import { InitlibError } from "@initlib/registry";
import { RegexSyntaxError } from "./regex-syntax";
import { AutomatonTooLargeError, ThompsonAutomaton } from "./thompson-nfa";

// The patterns of a rule's `params`: dotted-name globs, or `re:` regular expressions run by a
// Thompson automaton (linear time, no backtracking). Both are compiled once, when the config is
// resolved, so a bad pattern is reported before anything is written.

/** Longest pattern accepted (a parameter name is short; a longer pattern is a mistake or an attack). */
export const MAX_PARAMETER_PATTERN_LENGTH = 1000;

/** Prefix that marks a `params` pattern as a regular expression. */
export const REGEX_PREFIX = "re:";

/** One compiled `params` pattern. */
export interface ParameterPattern {
  /** The pattern as written in the config (`blocks.*.attn.proj.weight`, `re:^head\.`). */
  readonly source: string;
  readonly kind: "glob" | "regex";
  /** Whether a dotted parameter name (relative to the module the rule belongs to) is selected. */
  test(name: string): boolean;
}

const GLOB_SEGMENT_WILDCARDS = /[*?]/g;
const REGEX_SPECIALS = /[\\^$.|+()[\]{}]/g;

/**
 * The regular expression (anchored, JavaScript syntax) of a dotted-name glob: `*` matches within
 * one segment (any run of characters without a dot, so `*` alone is one segment), `?` one such
 * character, and a segment `**` any number of segments (zero included). Throws `RegexSyntaxError`
 * for an empty segment or `**` inside a segment.
 * @example
 * globToRegexSource("**.bias"); // "^(?:[^.]+\\.)*bias$"
 */
export function globToRegexSource(glob: string): string {
  const segments = glob.split(".").filter((segment, index, all) => !(segment === "**" && all[index - 1] === "**"));
  let offset = 0;
  let source = "^";
  let needsDot = false;
  segments.forEach((segment, index) => {
    if (segment === "") throw new RegexSyntaxError("an empty segment (two dots, or a dot at an end)", offset);
    if (segment === "**") {
      if (segments.length === 1) source += ".*";
      else if (index === segments.length - 1) source += "(?:\\.[^.]+)*";
      else {
        source += `${needsDot ? "\\." : ""}(?:[^.]+\\.)*`;
        needsDot = false;
        offset += segment.length + 1;
        return;
      }
    } else {
      if (segment.includes("**")) throw new RegexSyntaxError("'**' must be a whole segment (between dots)", offset + segment.indexOf("**"));
      const escaped = segment.replace(REGEX_SPECIALS, (special) => `\\${special}`);
      source += (needsDot ? "\\." : "") + escaped.replace(GLOB_SEGMENT_WILDCARDS, (wildcard) => (wildcard === "*" ? "[^.]*" : "[^.]"));
    }
    needsDot = true;
    offset += segment.length + 1;
  });
  return `${source}$`;
}

/**
 * Compiles one `params` pattern at config path `path`: a glob, or after `re:` a regular expression
 * (JavaScript syntax, matched anywhere in the name unless anchored; back-references, lookarounds
 * and word boundaries are refused because a linear-time automaton cannot match them).
 * Throws `INITLIB_BAD_CONFIG` naming the pattern, the reason and the character.
 * @example
 * compileParameterPattern("blocks.*.attn.proj.weight", "initCfg[0].params").test("blocks.3.attn.proj.weight"); // true
 */
export function compileParameterPattern(source: unknown, path: string): ParameterPattern {
  if (typeof source !== "string" || source === "" || source === REGEX_PREFIX) {
    throw new InitlibError("INITLIB_BAD_CONFIG", "a params pattern must be a non-empty string", {
      path,
      received: source,
      expected: "a dotted-name glob such as 'blocks.*.attn.proj.weight' or '**.bias', or 're:' and a regular expression",
    });
  }
  if (source.length > MAX_PARAMETER_PATTERN_LENGTH) {
    throw new InitlibError("INITLIB_BAD_CONFIG", `a params pattern is longer than ${MAX_PARAMETER_PATTERN_LENGTH} characters`, {
      path,
      received: `${source.slice(0, 60)}... (${source.length} characters)`,
      expected: `at most ${MAX_PARAMETER_PATTERN_LENGTH} characters`,
    });
  }
  const isRegex = source.startsWith(REGEX_PREFIX);
  const body = isRegex ? source.slice(REGEX_PREFIX.length) : source;
  let automaton: ThompsonAutomaton;
  try {
    automaton = ThompsonAutomaton.compile(isRegex ? body : globToRegexSource(body));
  } catch (error) {
    if (error instanceof RegexSyntaxError) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `invalid ${isRegex ? "regular expression" : "glob"} in params: ${error.reason} at character ${error.index}`, {
        path,
        received: source,
        expected: isRegex
          ? "a JavaScript regular expression without back-references, lookarounds or word boundaries (matched in linear time)"
          : "dot-separated segments; '*' and '?' inside a segment, '**' as a whole segment",
        hint: isRegex ? `check the pattern near '${body.slice(Math.max(0, error.index - 5), error.index + 5)}'` : "write 're:' first to use a regular expression",
      });
    }
    if (error instanceof AutomatonTooLargeError) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `params pattern too large: ${error.message}`, { path, received: source, hint: "use fewer or smaller {n,m} counts" });
    }
    throw error;
  }
  return { source, kind: isRegex ? "regex" : "glob", test: (name) => automaton.test(name) };
}

/**
 * The `params` of a rule, compiled: a string or a non-empty list of strings, each checked at
 * `path` (`path[1]` for the second). Every invalid pattern joins `problems` (all are reported
 * together); the valid ones are returned.
 * @example
 * readParameterPatterns(["**.bias", "re:^head\\."], "initCfg[0].params", []);
 */
export function readParameterPatterns(raw: unknown, path: string, problems: InitlibError[]): ParameterPattern[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    problems.push(new InitlibError("INITLIB_BAD_CONFIG", "params is an empty list, so the rule would select nothing", {
      path,
      received: raw,
      expected: "a pattern or a non-empty list of patterns",
      hint: "leave params out to select by layer only",
      }),
    );
  }
  const patterns: ParameterPattern[] = [];
  list.forEach((item, index) => {
    try {
      patterns.push(compileParameterPattern(item, Array.isArray(raw) ? `${path}[${index}]` : path));
    } catch (error) {
      if (!InitlibError.isInstance(error)) throw error;
      problems.push(error);
    }
  });
  return patterns;
}
