import { closestNames, describeValue, InitlibError, type InitlibErrorCode } from "@initlib/registry";

/** Collects the problems of one model file, so all are reported together. */
export class SpecIssues {
  readonly list: InitlibError[] = [];

  add(code: InitlibErrorCode, path: string, summary: string, details: { received?: unknown; expected?: string; hint?: string } = {}): void {
    this.list.push(new InitlibError(code, summary, { path, ...details }));
  }

  /** An unknown key, with the closest allowed ones as a did-you-mean. */
  unknownKey(path: string, key: string, allowed: Iterable<string>, what: string): void {
    const candidates = [...allowed];
    // A typo that drops a word's ending (`childs`) is far in edit distance but shares a long prefix.
    const sharedPrefix = (name: string) => [...name].findIndex((character, index) => key[index] !== character);
    const byPrefix = candidates.filter((name) => Math.min(sharedPrefix(name) === -1 ? name.length : sharedPrefix(name), key.length) >= 4);
    const suggestions = closestNames(key, candidates).concat(byPrefix);
    this.add("INITLIB_UNKNOWN_KEY", path, `unknown key '${key}' in ${what}`, {
      received: key,
      expected: `one of ${candidates.map((name) => `'${name}'`).join(", ") || "(none)"}`,
      hint: suggestions.length > 0 ? `did you mean '${suggestions[0]}'?` : "remove it",
    });
  }

  /** A value of the wrong kind. */
  wrongValue(path: string, value: unknown, expected: string, hint?: string): void {
    this.add("INITLIB_BAD_ARGUMENT", path, `expected ${expected}, got ${describeValue(value)}`, { received: value, expected, ...(hint ? { hint } : {}) });
  }
}

/** `a.b`, `a[0]`: a JSON path one step further. */
export function childPath(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}
