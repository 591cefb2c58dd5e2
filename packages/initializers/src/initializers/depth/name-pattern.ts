import { InitlibError } from "@initlib/registry";

/** One step of a compiled name pattern. */
type PatternToken = { readonly kind: "literal"; readonly character: string } | { readonly kind: "segment" } | { readonly kind: "any"; readonly skipsDot: boolean };

/** A dotted-name glob compiled once, matched in time proportional to pattern × name (no backtracking). */
export interface NamePattern {
  /** The pattern as written. */
  readonly source: string;
  /** Whether the whole `name` matches. */
  matches(name: string): boolean;
}

/**
 * Compiles a glob over dotted module paths (`h.3.attn.c_proj`): `*` matches any run of characters
 * within one segment (no dot), `**` any run including dots, and a leading or inner `**.` also
 * matches nothing, so `**.c_proj` matches `c_proj`, `h.0.attn.c_proj` and `mlp.c_proj`. Everything
 * else is literal. The match simulates the pattern as a set of states, so hostile patterns such as
 * `*a*a*a*a*b` cannot blow up.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for an empty pattern or `***`
 * @example
 * compileNamePattern("blocks.*.attn.proj").matches("blocks.11.attn.proj"); // true
 */
export function compileNamePattern(source: string, path = "pattern"): NamePattern {
  if (typeof source !== "string" || source.length === 0 || source.includes("***")) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "a module name pattern must be a non-empty glob", {
      path,
      received: source,
      expected: "a dotted glob such as `h.*.attn.c_proj` or `**.c_proj` (`*` within a segment, `**` across segments)",
      hint: "write a name or a glob; three stars in a row have no meaning",
    });
  }
  const tokens: PatternToken[] = [];
  for (let index = 0; index < source.length; index += 1) {
    if (source[index] !== "*") {
      tokens.push({ kind: "literal", character: source[index]! });
    } else if (source[index + 1] === "*") {
      const skipsDot = source[index + 2] === ".";
      tokens.push({ kind: "any", skipsDot });
      index += 1;
    } else {
      tokens.push({ kind: "segment" });
    }
  }
  return { source, matches: (name) => simulate(tokens, name) };
}

/**
 * Adds `state` and every state reachable from it without reading a character. A star may match
 * nothing; `**.` may match nothing including its dot, but only when it is entered (not after it
 * consumed characters, so `**.c_proj` does not match `xc_proj`).
 */
function addState(tokens: readonly PatternToken[], states: Uint8Array, state: number, entering: boolean): void {
  const token = tokens[state];
  if (states[state] !== 1) {
    states[state] = 1;
    if (token !== undefined && token.kind !== "literal") addState(tokens, states, state + 1, true);
  }
  if (entering && token?.kind === "any" && token.skipsDot) addState(tokens, states, state + 2, true);
}

function simulate(tokens: readonly PatternToken[], name: string): boolean {
  let current = new Uint8Array(tokens.length + 1);
  addState(tokens, current, 0, true);
  for (const character of name) {
    const next = new Uint8Array(tokens.length + 1);
    let alive = false;
    for (let state = 0; state < tokens.length; state += 1) {
      if (current[state] !== 1) continue;
      const token = tokens[state]!;
      if (token.kind === "literal") {
        if (token.character === character) {
          addState(tokens, next, state + 1, true);
          alive = true;
        }
      } else if (token.kind === "any" || character !== ".") {
        addState(tokens, next, state, false);
        alive = true;
      }
    }
    if (!alive) return false;
    current = next;
  }
  return current[tokens.length] === 1;
}

/**
 * Compiles a `string | string[]` argument into patterns, each error naming `argumentName[index]`.
 * @example
 * compileNamePatterns(["**.c_proj"], "residualProjections");
 */
export function compileNamePatterns(patterns: string | readonly string[], argumentName: string): readonly NamePattern[] {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  return list.map((pattern, index) => compileNamePattern(pattern, typeof patterns === "string" ? argumentName : `${argumentName}[${index}]`));
}

/** Whether any of `patterns` matches `name`. */
export function matchesAny(patterns: readonly NamePattern[], name: string): boolean {
  return patterns.some((pattern) => pattern.matches(name));
}
