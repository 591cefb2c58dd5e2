// The syntax tree of the regular expressions a `params` rule accepts after `re:` (and of those
// that dotted-name globs translate to): the part of JavaScript's syntax that a finite automaton
// can match (characters, classes, groups, alternation, quantifiers, `^` and `$`). Back-references,
// lookarounds and word boundaries need backtracking or look at more than one character, so they
// are refused with the reason.

import { RegexSyntaxError } from "./regex-syntax-error";

/** One node of a parsed regular expression. */
export type RegexNode =
  | { readonly kind: "character"; readonly test: (code: number) => boolean }
  | { readonly kind: "sequence"; readonly items: readonly RegexNode[] }
  | { readonly kind: "alternation"; readonly options: readonly RegexNode[] }
  | { readonly kind: "repeat"; readonly node: RegexNode; readonly min: number; readonly max: number }
  | { readonly kind: "start" }
  | { readonly kind: "end" };

/** Largest count a `{n,m}` quantifier may give (each copy becomes automaton states). */
export const MAX_REPEAT_COUNT = 1000;

const NEWLINES = new Set([0x0a, 0x0d, 0x2028, 0x2029]);
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isWord = (code: number): boolean => isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
const isSpace = (code: number): boolean => /\s/.test(String.fromCharCode(code));

/** The classes `\d \w \s` and their complements, as predicates on a UTF-16 code unit. */
const CLASS_ESCAPES: Readonly<Record<string, (code: number) => boolean>> = {
  d: isDigit,
  D: (code) => !isDigit(code),
  w: isWord,
  W: (code) => !isWord(code),
  s: isSpace,
  S: (code) => !isSpace(code),
};

const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, r: 0x0d, v: 0x0b, f: 0x0c, "0": 0x00 };

/**
 * Parses `source` (JavaScript syntax, no flags) into a {@link RegexNode}; throws
 * {@link RegexSyntaxError} for a malformed pattern or a construct a finite automaton cannot match.
 * @example
 * parseRegex("^blocks\\.\\d+\\.attn");
 */
export function parseRegex(source: string): RegexNode {
  const parser = new RegexParser(source);
  const node = parser.alternation();
  if (parser.index < source.length) throw new RegexSyntaxError("unmatched ')'", parser.index);
  return node;
}

class RegexParser {
  index = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.index += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alternation", options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.index < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      const atomStart = this.index;
      const atom = this.atom();
      items.push(this.quantified(atom, atomStart));
    }
    return items.length === 1 ? items[0]! : { kind: "sequence", items };
  }

  private peek(offset = 0): string {
    return this.source[this.index + offset] ?? "";
  }

  private atom(): RegexNode {
    const character = this.peek();
    const at = this.index;
    if ("*+?".includes(character)) throw new RegexSyntaxError(`nothing to repeat before '${character}'`, at);
    if (character === "{" && /^\{\d+(,\d*)?\}/.test(this.source.slice(at))) throw new RegexSyntaxError("nothing to repeat before '{'", at);
    this.index += 1;
    switch (character) {
      case "^":
        return { kind: "start" };
      case "$":
        return { kind: "end" };
      case ".":
        return { kind: "character", test: (code) => !NEWLINES.has(code) };
      case "[":
        return this.characterClass(at);
      case "\\":
        return { kind: "character", test: this.escape(at, false) };
      case "(":
        return this.group(at);
      default:
        if (character === "]" || character === "}") throw new RegexSyntaxError(`lone '${character}' (escape it as \\${character})`, at);
        return literal(character.charCodeAt(0));
    }
  }

  private group(at: number): RegexNode {
    if (this.source.startsWith("?=", this.index) || this.source.startsWith("?!", this.index)) throw new RegexSyntaxError("lookaheads are not supported", at);
    if (this.source.startsWith("?<=", this.index) || this.source.startsWith("?<!", this.index)) throw new RegexSyntaxError("lookbehinds are not supported", at);
    if (this.source.startsWith("?:", this.index)) this.index += 2;
    else if (this.source.startsWith("?<", this.index)) {
      const close = this.source.indexOf(">", this.index);
      if (close < 0 || !/^[A-Za-z_$][\w$]*$/.test(this.source.slice(this.index + 2, close))) throw new RegexSyntaxError("invalid group name", at);
      this.index = close + 1;
    } else if (this.peek() === "?") throw new RegexSyntaxError("invalid group", at);
    if (++this.depth > 100) throw new RegexSyntaxError("groups nested more than 100 deep", at);
    const inner = this.alternation();
    this.depth -= 1;
    if (this.peek() !== ")") throw new RegexSyntaxError("unterminated group", at);
    this.index += 1;
    return inner;
  }

  private quantified(atom: RegexNode, atomStart: number): RegexNode {
    const character = this.peek();
    let min: number;
    let max: number;
    if (character === "*") [min, max] = [0, Infinity];
    else if (character === "+") [min, max] = [1, Infinity];
    else if (character === "?") [min, max] = [0, 1];
    else if (character === "{") {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (!counted) return atom;
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === "" ? Infinity : Number(counted[3]);
      if (min > max) throw new RegexSyntaxError("numbers out of order in {} quantifier", this.index);
      if (min > MAX_REPEAT_COUNT || (max !== Infinity && max > MAX_REPEAT_COUNT)) {
        throw new RegexSyntaxError(`a {} quantifier above ${MAX_REPEAT_COUNT}`, this.index);
      }
      this.index += counted[0].length - 1;
    } else return atom;
    if (atom.kind === "start" || atom.kind === "end") throw new RegexSyntaxError("an anchor cannot be repeated", atomStart);
    this.index += 1;
    // A lazy quantifier (`*?`) matches the same names; only which match is found first differs.
    if (this.peek() === "?") this.index += 1;
    const next = this.peek();
    if ("*+?".includes(next) && next !== "") throw new RegexSyntaxError("nothing to repeat", this.index);
    if (next === "{" && /^\{\d+(,\d*)?\}/.test(this.source.slice(this.index))) throw new RegexSyntaxError("nothing to repeat", this.index);
    return { kind: "repeat", node: atom, min, max };
  }

  private characterClass(at: number): RegexNode {
    const negated = this.peek() === "^";
    if (negated) this.index += 1;
    const tests: ((code: number) => boolean)[] = [];
    // `[]` matches nothing and `[^]` anything, as in JavaScript.
    for (;;) {
      if (this.index >= this.source.length) throw new RegexSyntaxError("unterminated character class", at);
      if (this.peek() === "]") break;
      const low = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "") {
        const dashAt = this.index;
        this.index += 1;
        const high = this.classAtom();
        if (typeof low !== "number" || typeof high !== "number") throw new RegexSyntaxError("a class escape cannot bound a range", dashAt);
        if (low > high) throw new RegexSyntaxError("range out of order in character class", dashAt);
        tests.push((code) => code >= low && code <= high);
      } else tests.push(typeof low === "number" ? (code) => code === low : low);
    }
    this.index += 1;
    const inClass = (code: number): boolean => tests.some((test) => test(code));
    return { kind: "character", test: negated ? (code) => !inClass(code) : inClass };
  }

  /** One member of a class: a code unit, or a class escape (`\d`) as a predicate. */
  private classAtom(): number | ((code: number) => boolean) {
    const at = this.index;
    const character = this.peek();
    this.index += 1;
    if (character !== "\\") return character.charCodeAt(0);
    if (this.peek() === "b") {
      this.index += 1;
      return 0x08;
    }
    if (this.peek() === "-") {
      this.index += 1;
      return 0x2d;
    }
    return this.escape(at, true);
  }

  /** The escape after a backslash at `at`: a class or a single code unit (as a predicate or a code). */
  private escape(at: number, inClass: true): number | ((code: number) => boolean);
  private escape(at: number, inClass: false): (code: number) => boolean;
  private escape(at: number, inClass: boolean): number | ((code: number) => boolean) {
    const character = this.peek();
    if (character === "") throw new RegexSyntaxError("\\ at end of pattern", at);
    this.index += 1;
    const wrap = (code: number): number | ((code: number) => boolean) => (inClass ? code : (candidate: number) => candidate === code);
    const classTest = CLASS_ESCAPES[character];
    if (classTest) return classTest;
    if (Object.hasOwn(CONTROL_ESCAPES, character) && !(character === "0" && isDigit(this.source.charCodeAt(this.index)))) return wrap(CONTROL_ESCAPES[character]!);
    if (character === "x" || character === "u") {
      const width = character === "x" ? 2 : 4;
      const digits = this.source.slice(this.index, this.index + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) throw new RegexSyntaxError(`invalid \\${character} escape`, at);
      this.index += width;
      return wrap(Number.parseInt(digits, 16));
    }
    if (/[1-9]/.test(character) || character === "k") throw new RegexSyntaxError("back-references are not supported (they need backtracking)", at);
    if (character === "b" || character === "B") throw new RegexSyntaxError("word boundaries are not supported", at);
    if (/[A-Za-z0-9]/.test(character)) throw new RegexSyntaxError(`unknown escape \\${character}`, at);
    return wrap(character.charCodeAt(0));
  }
}

function literal(code: number): RegexNode {
  return { kind: "character", test: (candidate) => candidate === code };
}
