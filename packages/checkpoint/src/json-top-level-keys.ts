/**
 * The keys of a JSON object's top level, in order and with repeats, read from its text (JSON.parse
 * keeps only the last of two equal keys, which would let a file hide a tensor entry). Assumes
 * `text` already parsed as an object.
 * @example
 * topLevelKeys('{"a": {"b": 1}, "a": 2}'); // ["a", "a"]
 */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (character === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(index, end + 1)) as string);
      expectKey = false;
      index = end;
    } else if (character === "{" || character === "[") {
      depth += 1;
      expectKey = depth === 1 && character === "{";
    } else if (character === "}" || character === "]") depth -= 1;
    else if (character === "," && depth === 1) expectKey = true;
  }
  return keys;
}
