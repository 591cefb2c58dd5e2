/**
 * The offset of the first syntax error in JSON text that `JSON.parse` rejected (Node 20's message
 * gives no position), found by a small recursive-descent scan; `undefined` when the scan cannot
 * tell (nesting too deep for the scan itself).
 * @example
 * jsonErrorOffset('{"a": }'); // 6
 */
export function jsonErrorOffset(text: string): number | undefined {
  let position = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(position);
  };
  const space = () => {
    while (position < text.length && " \t\n\r".includes(text[position]!)) position += 1;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, position)) position += word.length;
    else fail();
  };
  const string = () => {
    position += 1; // opening quote
    while (position < text.length) {
      const character = text[position]!;
      if (character === '"') {
        position += 1;
        return;
      }
      if (character === "\\") {
        const escape = text[position + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) position += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) position += 2;
        else fail();
      } else if (character < " ") fail();
      else position += 1;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(position, position + 400));
    if (!match) fail();
    position += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 2000) throw new RangeError("too deep to locate");
    space();
    const character = text[position];
    if (character === "{") {
      position += 1;
      space();
      if (text[position] === "}") {
        position += 1;
        return;
      }
      for (;;) {
        space();
        if (text[position] !== '"') fail();
        string();
        space();
        if (text[position] !== ":") fail();
        position += 1;
        value(depth + 1);
        space();
        if (text[position] === ",") position += 1;
        else if (text[position] === "}") {
          position += 1;
          return;
        } else fail();
      }
    }
    if (character === "[") {
      position += 1;
      space();
      if (text[position] === "]") {
        position += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[position] === ",") position += 1;
        else if (text[position] === "]") {
          position += 1;
          return;
        } else fail();
      }
    }
    if (character === '"') return string();
    if (character === "t") return literal("true");
    if (character === "f") return literal("false");
    if (character === "n") return literal("null");
    return number();
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) position = 1;
    value(0);
    space();
    return position < text.length ? position : undefined;
  } catch (error) {
    return error instanceof JsonSyntaxAt ? error.offset : undefined;
  }
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}
