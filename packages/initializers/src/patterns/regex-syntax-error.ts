// The error of a malformed pattern, a regular expression or a dotted-name glob, kept in a file of
// its own so that checking a glob does not load the regular-expression parser.

/** A syntax error of a pattern: what is wrong and at which character (0-based). */
export class RegexSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly index: number,
  ) {
    super(`${reason} at character ${index}`);
  }
}
