import {
  AutomatonTooLargeError,
  DOTTED_NAME_GLOB_GRAMMAR,
  globToRegexSource,
  MAX_NAME_PATTERN_LENGTH,
  RegexSyntaxError,
  ThompsonAutomaton,
} from "@initlib/initializers/internal";
import { InitlibError } from "@initlib/registry";

// The patterns of a rule's `params`: dotted-name globs (initlib's one glob grammar, shared with the
// depth-aware initializers' module-name arguments), or `re:` regular expressions. Both run on the
// Thompson automaton of @initlib/initializers (linear time, no backtracking) and are compiled
// once, when the config is resolved, so a bad pattern is reported before anything is written.

/** Longest pattern accepted (a parameter name is short; a longer pattern is a mistake or an attack). */
export const MAX_PARAMETER_PATTERN_LENGTH = MAX_NAME_PATTERN_LENGTH;

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
          : DOTTED_NAME_GLOB_GRAMMAR,
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
