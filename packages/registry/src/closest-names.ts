/**
 * Edit distance between two strings (optimal string alignment: insertions, deletions,
 * substitutions and transpositions of neighbours each cost 1), compared case-insensitively so
 * `kaiming` is distance 0 from `Kaiming`.
 * @example
 * editDistance("Kaimng", "Kaiming"); // 1
 */
export function editDistance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  if (a === b) return 0;
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[] = new Array<number>(rows * columns).fill(0);
  for (let i = 0; i < rows; i += 1) table[i * columns] = i;
  for (let j = 0; j < columns; j += 1) table[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        table[(i - 1) * columns + j]! + 1,
        table[i * columns + j - 1]! + 1,
        table[(i - 1) * columns + j - 1]! + substitution,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, table[(i - 2) * columns + j - 2]! + 1);
      }
      table[i * columns + j] = best;
    }
  }
  return table[rows * columns - 1]!;
}

/**
 * The candidates closest to `name` by {@link editDistance}, best first (ties keep the candidates'
 * order), at most `limit` of them, and only those near enough to be a plausible typo: distance at
 * most `max(2, ceil(name.length / 3))`, or one being a case-insensitive prefix or suffix of the other
 * (`KaimingInit` → `Kaiming`, `normal` → `TruncNormal`), both at least 3 characters long. Typos more
 * than one edit worse than the best match are dropped.
 * @default limit 3
 * @example
 * closestNames("Kaimng", ["Constant", "Kaiming", "Xavier"]); // ["Kaiming"]
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(2, Math.ceil(name.length / 3));
  const lowered = name.toLowerCase();
  const scored: { candidate: string; distance: number; order: number; affix: boolean }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const distance = editDistance(name, candidate);
    const other = candidate.toLowerCase();
    const affix = other.length >= 3 && lowered.length >= 3 && (lowered.startsWith(other) || lowered.endsWith(other) || other.startsWith(lowered) || other.endsWith(lowered));
    if (distance <= threshold || affix) scored.push({ candidate, distance, order, affix });
    order += 1;
  }
  scored.sort((left, right) => left.distance - right.distance || left.order - right.order);
  // A much worse typo distance than the best one is noise ('fan_inn' is not 'fan_out').
  const best = scored[0]?.distance ?? 0;
  return scored
    .filter((entry) => entry.affix || entry.distance <= best + 1)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/**
 * `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: a list of names for an error message.
 * @example
 * formatAlternatives(["Kaiming", "Caffe2Xavier"]); // "'Kaiming' or 'Caffe2Xavier'"
 */
export function formatAlternatives(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
