/** Line and column (both 1-based) of a place in a text. */
export interface TextLocation {
  readonly line: number;
  readonly column: number;
}

/**
 * Where JSON text that `JSON.parse` rejected first goes wrong, as line and column. Browsers name
 * the position for some errors only (Chromium's "Unexpected token" message has none), so the text
 * is scanned here by a small JSON grammar walk. `undefined` when the text is valid JSON or nests
 * deeper than the walk follows.
 * @example
 * jsonErrorLocation('{\n  "a": x\n}'); // { line: 2, column: 8 }
 */
export function jsonErrorLocation(text: string): TextLocation | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : locationOf(text, offset);
}

/** Line and column of a character offset in `text`. */
export function locationOf(text: string, offset: number): TextLocation {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first character that makes `text` invalid JSON, or `undefined`. */
function jsonErrorOffset(text: string): number | undefined {
  let position = 0;
  const failure = new Error("json syntax");
  const fail = (): never => {
    throw failure;
  };
  const skipSpace = () => {
    while (position < text.length && " \t\n\r".includes(text[position]!)) position += 1;
  };
  const expect = (character: string) => {
    if (text[position] !== character) fail();
    position += 1;
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (position >= text.length) fail();
      const character = text[position]!;
      if (character === '"') {
        position += 1;
        return;
      }
      if (character < " ") fail();
      if (character === "\\") {
        const escape = text[position + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) position += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) position += 2;
        else fail();
      } else position += 1;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new RangeError("too deep");
    skipSpace();
    const character = text[position];
    if (character === "{" || character === "[") {
      const close = character === "{" ? "}" : "]";
      position += 1;
      skipSpace();
      if (text[position] === close) {
        position += 1;
        return;
      }
      for (;;) {
        if (close === "}") {
          skipSpace();
          string();
          skipSpace();
          expect(":");
        }
        value(depth + 1);
        skipSpace();
        if (text[position] === ",") position += 1;
        else return expect(close);
      }
    }
    if (character === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return;
      }
    }
    NUMBER.lastIndex = position;
    if (!NUMBER.test(text)) fail();
    position = NUMBER.lastIndex;
  };
  try {
    value(0);
    skipSpace();
    return position < text.length ? position : undefined;
  } catch (error) {
    return error === failure ? position : undefined;
  }
}
