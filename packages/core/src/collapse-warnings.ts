/**
 * Warnings as a person wants to read them: each distinct message once, and messages that differ
 * only in the parameter or module path they name (the first word that is a dotted path, or the
 * first word) collapsed into one line with the count and the paths, e.g.
 * `fc.weight has zero elements ...` ×12 → `12× <path> has zero elements ... (fc.weight, fc.bias, ...)`.
 * @example
 * collapseWarnings(["a.w: empty", "b.w: empty", "done twice", "done twice"]); // ["2× <path>: empty (a.w, b.w)", "done twice"]
 */
export function collapseWarnings(messages: readonly string[], listed = 8): string[] {
  const groups = new Map<string, { paths: string[]; first: string }>();
  for (const message of messages) {
    const match = /^(\S+?)([:\s].*)$/s.exec(message);
    const [template, path] = match ? [`<path>${match[2]}`, match[1]!] : [message, ""];
    let group = groups.get(template);
    if (!group) groups.set(template, (group = { paths: [], first: message }));
    if (!group.paths.includes(path)) group.paths.push(path);
  }
  return [...groups.entries()].map(([template, { paths, first }]) => {
    if (paths.length <= 1) return first;
    const shown = paths.slice(0, listed).join(", ") + (paths.length > listed ? `, and ${paths.length - listed} more` : "");
    return `${paths.length}× ${template} (${shown})`;
  });
}
