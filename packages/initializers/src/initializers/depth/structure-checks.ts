import { InitlibError } from "@initlib/registry";
import type { NamePattern } from "./name-pattern";
import type { WeightLayer } from "./layer-decision";

/** The first few layer paths, for error messages. */
export function listPaths(layers: readonly WeightLayer[], limit = 8): string {
  const paths = layers.slice(0, limit).map((layer) => (layer.path === "" ? "(the module itself)" : layer.path));
  return layers.length > limit ? `${paths.join(", ")}, … (${layers.length} layers)` : paths.join(", ");
}

/**
 * The number of layers `matched` flags, or `INITLIB_BAD_CONFIG` naming the argument and the
 * layer paths when none is: a scheme whose structural patterns match nothing would silently be a
 * plain init.
 * @internal
 */
export function requireMatches(owner: string, argumentName: string, patterns: readonly NamePattern[], layers: readonly WeightLayer[], matched: readonly boolean[]): number {
  const count = matched.filter(Boolean).length;
  if (count > 0) return count;
  throw new InitlibError("INITLIB_BAD_CONFIG", `${owner}: ${argumentName} matches no weight layer of the model`, {
    path: argumentName,
    received: patterns.map((pattern) => pattern.source),
    expected: `globs over the model's layer paths, which are: ${layers.length === 0 ? "(no layer with a weight of rank >= 2)" : listPaths(layers)}`,
    hint: "`*` matches within one dotted segment, `**.` any number of leading segments (`**.c_proj`)",
  });
}
