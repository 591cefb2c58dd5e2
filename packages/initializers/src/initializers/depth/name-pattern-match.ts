import { ThompsonAutomaton } from "../../patterns/thompson-nfa";
import type { NamePattern } from "./name-pattern";

// Matching of the depth-aware initializers' module-name globs, imported by their planning code
// (`*-decisions.ts`, loaded when an initializer plans) so that a page that only builds the
// initializers does not carry the automaton. Each pattern is compiled once, on first use.

const automata = new WeakMap<NamePattern, ThompsonAutomaton>();

/** The automaton of `pattern`, compiled on first use. */
function automatonOf(pattern: NamePattern): ThompsonAutomaton {
  let automaton = automata.get(pattern);
  if (automaton === undefined) {
    automaton = ThompsonAutomaton.compile(pattern.regexSource);
    automata.set(pattern, automaton);
  }
  return automaton;
}

/**
 * Whether the whole dotted module path `name` matches `pattern`, in time linear in the name
 * (Thompson's automaton: `*a*a*a*a*b` on a long name cannot blow up).
 * @example
 * namePatternMatches(compileNamePattern("**.c_proj"), "h.0.attn.c_proj"); // true
 */
export function namePatternMatches(pattern: NamePattern, name: string): boolean {
  return automatonOf(pattern).test(name);
}

/**
 * Whether any of `patterns` matches `name`.
 * @example
 * matchesAny(compileNamePatterns(["**.fc1", "**.fc2"], "scaledProjections"), "encoder.layers.0.fc2"); // true
 */
export function matchesAny(patterns: readonly NamePattern[], name: string): boolean {
  return patterns.some((pattern) => namePatternMatches(pattern, name));
}
