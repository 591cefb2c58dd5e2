import { RegexSyntaxError } from "./regex-syntax-error";

// The one grammar of dotted-name globs in initlib, used by core's `params` patterns and by the
// depth-aware initializers' module-name arguments (`residualProjections`, `branches`, ...). A glob
// is translated to an anchored regular expression, which `ThompsonAutomaton` matches in time
// linear in the name. The translation is kept apart from the regular-expression parser and the
// automaton so that checking a glob (done when an initializer is built) costs a page almost
// nothing; the automaton is loaded with the code that matches.

/** Longest glob or `re:` pattern accepted (a dotted name is short; a longer pattern is a mistake or an attack). */
export const MAX_NAME_PATTERN_LENGTH = 1000;

/** The glob grammar in one line, for the `expected` field of errors. */
export const DOTTED_NAME_GLOB_GRAMMAR = "dot-separated segments; '*' and '?' inside a segment, '**' as a whole segment";

const GLOB_SEGMENT_WILDCARDS = /[*?]/g;
const REGEX_SPECIALS = /[\\^$.|+()[\]{}]/g;

/**
 * The regular expression (anchored, JavaScript syntax) of a dotted-name glob: `*` matches within
 * one segment (any run of characters without a dot, so `*` alone is one segment), `?` one such
 * character, and a segment `**` any number of segments (zero included, so `**.c_proj` matches
 * `c_proj` and `encoder.**` matches `encoder`). Every other character is literal. Throws
 * `RegexSyntaxError` (reason and 0-based character) for an empty segment or `**` inside a segment.
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
