import { parseRegex, type RegexNode } from "./regex-syntax";

// A regular expression compiled to Thompson's automaton and run by simulating every state at once
// (no backtracking): matching a name of n characters visits each state at most twice per
// character, so time is O(n · states) whatever the pattern, `(a+)+$` included. It matches every
// dotted-name pattern of initlib: core's `params` globs and `re:` expressions, and the module-name
// globs of the depth-aware initializers (through `globToRegexSource`).

type State =
  | { readonly kind: "character"; readonly test: (code: number) => boolean; readonly next: number }
  | { kind: "split"; next: number; alternative: number }
  | { readonly kind: "start" | "end"; readonly next: number }
  | { readonly kind: "match" };

/** Most states one compiled pattern may have (counted repetitions are copied). */
export const MAX_AUTOMATON_STATES = 20_000;

/** Thrown when a pattern compiles to more than {@link MAX_AUTOMATON_STATES} states. */
export class AutomatonTooLargeError extends Error {}

/** What one run of the automaton found and how many state visits it took. */
export interface AutomatonRun {
  readonly matched: boolean;
  /** State visits: at most `(length + 1) · 2 · stateCount`, the linear bound. */
  readonly steps: number;
}

/**
 * A regular expression matched in time linear in the input: JavaScript's `RegExp.test` semantics
 * (the pattern may match anywhere unless anchored with `^` / `$`), without back-references or
 * lookarounds ({@link parseRegex} refuses them).
 * @example
 * const automaton = ThompsonAutomaton.compile("^blocks\\.\\d+\\.attn\\.");
 * automaton.test("blocks.3.attn.proj.weight"); // true
 */
export class ThompsonAutomaton {
  private constructor(
    private readonly states: readonly State[],
    private readonly startState: number,
  ) {}

  /** Parses and compiles `source`; throws `RegexSyntaxError` or {@link AutomatonTooLargeError}. */
  static compile(source: string): ThompsonAutomaton {
    return ThompsonAutomaton.fromSyntax(parseRegex(source));
  }

  /** Compiles a parsed pattern. */
  static fromSyntax(node: RegexNode): ThompsonAutomaton {
    const states: State[] = [{ kind: "match" }];
    const start = new Compiler(states).compile(node, 0);
    return new ThompsonAutomaton(states, start);
  }

  /** Number of states of the automaton. */
  get stateCount(): number {
    return this.states.length;
  }

  /** Whether the pattern matches somewhere in `input`. */
  test(input: string): boolean {
    return this.run(input).matched;
  }

  /** Runs the automaton over `input`, counting state visits. */
  run(input: string): AutomatonRun {
    const seen = new Int32Array(this.states.length).fill(-1);
    let steps = 0;
    let matched = false;
    const add = (list: number[], first: number, position: number, generation: number): void => {
      const stack = [first];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen[id] === generation) continue;
        seen[id] = generation;
        steps += 1;
        const state = this.states[id]!;
        if (state.kind === "match") matched = true;
        else if (state.kind === "character") list.push(id);
        else if (state.kind === "split") stack.push(state.alternative, state.next);
        else if (state.kind === "start" ? position === 0 : position === input.length) stack.push(state.next);
      }
    };
    let current: number[] = [];
    add(current, this.startState, 0, 0);
    for (let position = 0; ; position += 1) {
      if (matched) return { matched, steps };
      if (position === input.length) return { matched, steps };
      const code = input.charCodeAt(position);
      const next: number[] = [];
      for (const id of current) {
        steps += 1;
        const state = this.states[id] as Extract<State, { kind: "character" }>;
        if (state.test(code)) add(next, state.next, position + 1, position + 1);
      }
      // Unanchored search: a match may also begin at the next position.
      add(next, this.startState, position + 1, position + 1);
      current = next;
    }
  }
}

/** Builds states backwards: each node is compiled knowing the state that follows it. */
class Compiler {
  constructor(private readonly states: State[]) {}

  compile(node: RegexNode, next: number): number {
    switch (node.kind) {
      case "character":
        return this.push({ kind: "character", test: node.test, next });
      case "start":
      case "end":
        return this.push({ kind: node.kind, next });
      case "sequence": {
        let following = next;
        for (let index = node.items.length - 1; index >= 0; index -= 1) following = this.compile(node.items[index]!, following);
        return following;
      }
      case "alternation": {
        let following = this.compile(node.options.at(-1)!, next);
        for (let index = node.options.length - 2; index >= 0; index -= 1) {
          following = this.push({ kind: "split", next: this.compile(node.options[index]!, next), alternative: following });
        }
        return following;
      }
      case "repeat":
        return this.repeat(node.node, node.min, node.max, next);
    }
  }

  private repeat(body: RegexNode, min: number, max: number, next: number): number {
    let following = next;
    if (max === Infinity) {
      const loop: State & { kind: "split" } = { kind: "split", next: -1, alternative: next };
      const loopId = this.push(loop);
      loop.next = this.compile(body, loopId);
      following = loopId;
    } else {
      for (let copy = 0; copy < max - min; copy += 1) following = this.push({ kind: "split", next: this.compile(body, following), alternative: following });
    }
    for (let copy = 0; copy < min; copy += 1) following = this.compile(body, following);
    return following;
  }

  private push(state: State): number {
    if (this.states.length >= MAX_AUTOMATON_STATES) {
      throw new AutomatonTooLargeError(`the pattern needs more than ${MAX_AUTOMATON_STATES} automaton states (large {} counts, nested)`);
    }
    this.states.push(state);
    return this.states.length - 1;
  }
}
