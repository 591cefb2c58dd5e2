// Not a dotted-name pattern, and not matched by initlib's Thompson automaton (patterns/): a
// Pretrained rename is a regular expression that *rewrites* checkpoint keys with
// `String.prototype.replace`, global, with capture groups in the replacement
// (`{ pattern: "^encoder\\.layers\\.(\\d+)", replacement: "blocks.$1" }`), and may be given as a
// RegExp with its own flags. The automaton answers only whether a name matches: it records no
// capture positions and knows no flags, so renames run on JavaScript's backtracking engine. This
// file is the guard for that engine, a syntactic check that refuses what can make it take
// exponential time, which the automaton does not need (it matches `(a+)+` in linear time).

/**
 * Why a regular expression from a config could take exponential time on a short key, or
 * `undefined` when it is safe to run. JavaScript's engine backtracks, so the checks are
 * conservative and syntactic: no back-references or lookarounds, and no quantified group that
 * itself contains a quantifier or an alternation (`(a+)+`, `(a|a)*`, `(\w*x?)*`), which are what
 * makes backtracking explode. Every rename a checkpoint needs (`^module\.`, `layers\.(\d+)\.`)
 * passes.
 * @example
 * backtrackingReason("^(a+)+$"); // "a quantified group contains a quantifier ..."
 * backtrackingReason("^encoder\\.layers\\.(\\d+)"); // undefined
 */
export function backtrackingReason(source: string): string | undefined {
  if (source.length > 1000) return "the pattern is longer than 1000 characters";
  // Per open group: whether it contains a quantifier or an alternation.
  const groups: { risky: boolean }[] = [];
  let lastClosedRisky = false;
  let inClass = false;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index]!;
    if (character === "\\") {
      const next = source[index + 1] ?? "";
      if (!inClass && (/[1-9]/.test(next) || next === "k")) return "back-references can take exponential time";
      index += 1;
      lastClosedRisky = false;
      continue;
    }
    if (inClass) {
      if (character === "]") inClass = false;
      continue;
    }
    const quantifier = character === "*" || character === "+" || character === "?" || (character === "{" && /^\{\d+(,\d*)?\}/.test(source.slice(index)));
    if (quantifier) {
      // `(...)?` repeats at most once, which is not a nested repetition.
      if (lastClosedRisky && character !== "?") return "a quantified group contains a quantifier or an alternation (nested repetition backtracks exponentially)";
      if (groups.length > 0) groups[groups.length - 1]!.risky = true;
      lastClosedRisky = false;
      if (character === "{") index = source.indexOf("}", index);
      continue;
    }
    lastClosedRisky = false;
    if (character === "[") inClass = true;
    else if (character === "(") {
      if (source.startsWith("(?=", index) || source.startsWith("(?!", index) || source.startsWith("(?<=", index) || source.startsWith("(?<!", index)) {
        return "lookarounds are not supported in renames";
      }
      groups.push({ risky: false });
    } else if (character === "|") {
      if (groups.length > 0) groups[groups.length - 1]!.risky = true;
    } else if (character === ")") {
      const closed = groups.pop();
      lastClosedRisky = closed?.risky ?? false;
      if (closed?.risky && groups.length > 0) groups[groups.length - 1]!.risky = true;
    }
  }
  return undefined;
}
