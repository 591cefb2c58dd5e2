/**
 * Text from a model (a parameter name, a class name, a message naming them) made safe to print in
 * a table on a terminal: control characters (newlines, escape sequences that move the cursor or
 * recolour the screen) are shown as `\\n`, `\\x1b`, ... so a hostile name cannot forge lines of
 * output.
 * @example
 * printableText("fc\\nweight\\x1b[2J"); // "fc\\\\nweight\\\\x1b[2J"
 */
export function printableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => {
    if (character === "\n") return "\\n";
    if (character === "\t") return "\\t";
    if (character === "\r") return "\\r";
    return `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}
