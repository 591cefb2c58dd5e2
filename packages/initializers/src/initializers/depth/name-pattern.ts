import { InitlibError } from "@initlib/registry";
import { DOTTED_NAME_GLOB_GRAMMAR, globToRegexSource, MAX_NAME_PATTERN_LENGTH } from "../../patterns/dotted-name-glob";
import { RegexSyntaxError } from "../../patterns/regex-syntax-error";

// The module-name arguments of the depth-aware initializers (`residualProjections`, `branches`,
// `encoderScope`, ...) are dotted-name globs in initlib's one glob grammar, the grammar of core's
// `params` (patterns/dotted-name-glob.ts). A glob is checked and translated here, when the
// initializer is built, so a bad one is reported before anything is planned; it is matched by
// `name-pattern-match.ts`, loaded with the planning code, on the linear-time Thompson automaton.

/** A checked module-name glob: what was written and the anchored regular expression it stands for. */
export interface NamePattern {
  /** The pattern as written. */
  readonly source: string;
  /** The argument it was given as (`residualProjections[1]`), named by errors. */
  readonly path: string;
  /** The anchored regular expression of the glob (see `globToRegexSource`). */
  readonly regexSource: string;
}

/**
 * Checks a glob over dotted module paths (`h.3.attn.c_proj`): `*` matches any run of characters
 * within one segment, `?` one such character, and a segment `**` any number of segments (none
 * included, so `**.c_proj` matches `c_proj`, `h.0.attn.c_proj` and `mlp.c_proj`). Everything else
 * is literal. Match it with `namePatternMatches` / `matchesAny`.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` naming `path` for a pattern that is not a non-empty
 * string, is longer than 1000 characters, has an empty segment, or has `**` inside a segment
 * @example
 * compileNamePattern("blocks.*.attn.proj", "residualProjections").regexSource; // "^blocks\\.[^.]*\\.attn\\.proj$"
 */
export function compileNamePattern(source: string, path = "pattern"): NamePattern {
  if (typeof source !== "string" || source.length === 0 || source.length > MAX_NAME_PATTERN_LENGTH) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `a module name pattern must be a non-empty glob of at most ${MAX_NAME_PATTERN_LENGTH} characters`, {
      path,
      received: typeof source === "string" && source.length > MAX_NAME_PATTERN_LENGTH ? `${source.slice(0, 60)}... (${source.length} characters)` : source,
      expected: `a dotted glob such as 'h.*.attn.c_proj' or '**.c_proj' (${DOTTED_NAME_GLOB_GRAMMAR})`,
    });
  }
  try {
    return { source, path, regexSource: globToRegexSource(source) };
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    const insideSegment = error.reason.startsWith("'**'");
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `invalid module name glob in ${path}: ${error.reason} at character ${error.index}`, {
      path,
      received: source,
      expected: DOTTED_NAME_GLOB_GRAMMAR,
      hint: insideSegment ? "'**' stands for whole segments (any number, none included), as in '**.c_proj'; '*' matches within one segment" : "separate segments by single dots, none at either end",
    });
  }
}

/**
 * Checks a `string | string[]` argument into patterns, each error naming `argumentName[index]`.
 * @example
 * compileNamePatterns(["**.c_proj"], "residualProjections");
 */
export function compileNamePatterns(patterns: string | readonly string[], argumentName: string): readonly NamePattern[] {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  return list.map((pattern, index) => compileNamePattern(pattern, typeof patterns === "string" ? argumentName : `${argumentName}[${index}]`));
}
