import { closestNames, describeValue, InitlibError } from "@initlib/registry";
import { formatPythonValue } from "../math/format-python-value";

/**
 * Reads and validates an argument object key by key, for initializers that do not declare their
 * arguments in an `argumentSchema` (declared ones are validated by `BaseInit` from the
 * declaration). Python's `None` reads as "not given" and `True`/`False` as 1/0. Every bad
 * value fails the same way: `INITLIB_BAD_ARGUMENT`, the config path of the key (`initCfg[0].std`),
 * the value received, what was expected and how to fix it. Each read marks the key as known;
 * {@link ArgumentReader.rejectUnknownKeys} then reports the rest with the closest accepted name.
 * @example
 * const reader = new ArgumentReader(args, { owner: "NormalInit", path: "initCfg[0]" });
 * const std = reader.number("std", { default: 1, min: 0 });
 * reader.rejectUnknownKeys();
 */
export class ArgumentReader {
  readonly owner: string;
  readonly path: string | undefined;
  private readonly args: Readonly<Record<string, unknown>>;
  private readonly known = new Set<string>();

  constructor(args: unknown, options: { owner: string; path?: string | undefined }) {
    this.owner = options.owner;
    this.path = options.path;
    if (args === undefined || args === null) this.args = {};
    else if (typeof args === "object" && !Array.isArray(args)) {
      // Python's None means "not given" (`bias_prob=None`, `layer=None`), as MMEngine reads it.
      this.args = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null));
    }
    else {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `${this.owner} takes one argument object`, {
        path: this.path,
        received: args,
        expected: "an object such as { std: 0.02 }",
      });
    }
  }

  /** The config path of `key`, e.g. `initCfg[0].std`. */
  pathOf(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** Whether `key` was given (an `undefined` value counts as absent). */
  has(key: string): boolean {
    return this.args[key] !== undefined;
  }

  /** Marks `key` as accepted without reading it (for keys checked elsewhere). */
  accept(key: string): unknown {
    this.known.add(key);
    return this.args[key];
  }

  /** Raises `INITLIB_BAD_ARGUMENT` for `key`. */
  fail(key: string, summary: string, details: { expected: string; hint?: string; received?: unknown }): never {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${this.owner}: ${summary}`, {
      path: this.pathOf(key),
      received: "received" in details ? details.received : this.args[key],
      expected: details.expected,
      hint: details.hint,
    });
  }

  /** A finite number, with optional default, bounds and required-ness. */
  number(key: string, options: { default?: number; min?: number; exclusiveMin?: number; required?: boolean } = {}): number {
    // As MMEngine reads a Python config: None is "not given", True/False are 1/0.
    const given = this.accept(key);
    const value = given === null ? undefined : typeof given === "boolean" ? Number(given) : given;
    if (value === undefined) {
      if (options.default !== undefined && !options.required) return options.default;
      return this.fail(key, `missing required argument "${key}"`, {
        expected: "a finite number",
        hint: `add ${key} to the config, e.g. { ${key}: 1 }`,
        received: undefined,
      });
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return this.fail(key, `${key} must be a finite number`, { expected: "a finite number (not NaN or ±Infinity, not a string)" });
    }
    if (options.min !== undefined && value < options.min) {
      return this.fail(key, `${key} must be >= ${options.min}`, { expected: `a number >= ${options.min}` });
    }
    if (options.exclusiveMin !== undefined && value <= options.exclusiveMin) {
      return this.fail(key, `${key} must be > ${options.exclusiveMin}`, { expected: `a number > ${options.exclusiveMin}` });
    }
    return value;
  }

  /**
   * Fails on `highKey` when the bounds read from `lowKey` and `highKey` are reversed (`low > high`);
   * equal bounds are accepted.
   * @example
   * reader.requireOrdered("a", a, "b", b);
   */
  requireOrdered(lowKey: string, low: number, highKey: string, high: number): void {
    if (low <= high) return;
    this.fail(highKey, `the bounds are reversed: ${lowKey}=${formatPythonValue(low)} > ${highKey}=${formatPythonValue(high)}`, {
      received: { [lowKey]: low, [highKey]: high },
      expected: `${lowKey} <= ${highKey}`,
      hint: `swap ${lowKey} and ${highKey}`,
    });
  }

  /** One of `allowed` (compared after `normalize`, e.g. lower-casing); returns the value as given. */
  choice<Value extends string>(
    key: string,
    allowed: readonly Value[],
    options: { default: Value; normalize?: (value: string) => string },
  ): string {
    const value = this.accept(key);
    if (value === undefined || value === null) return options.default;
    const normalize = options.normalize ?? ((text: string) => text);
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(normalize(value))) {
      const suggestion = typeof value === "string" ? closestNames(value, allowed)[0] : undefined;
      return this.fail(key, `unsupported ${key} ${describeValue(value)}`, {
        expected: `one of ${allowed.map((name) => `"${name}"`).join(", ")}`,
        hint: suggestion ? `did you mean "${suggestion}"?` : undefined,
      });
    }
    return value;
  }

  /** A string or list of strings (MMEngine's `layer`), as a list; absent → `[]`. */
  stringList(key: string): string[] {
    const value = this.accept(key);
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...(value as string[])];
    return this.fail(key, `${key} must be a str or a list of str`, {
      expected: "a layer class name or a list of them, e.g. 'Conv2d' or ['Conv2d', 'Linear']",
    });
  }

  /** Raises for every key that no read accepted, naming the closest accepted key. */
  rejectUnknownKeys(): void {
    for (const key of Object.keys(this.args)) {
      if (this.known.has(key) || this.args[key] === undefined) continue;
      const suggestion = closestNames(key, [...this.known])[0];
      this.fail(key, `unexpected argument "${key}"`, {
        expected: `one of ${[...this.known].map((name) => `"${name}"`).join(", ")}`,
        hint: suggestion ? `did you mean "${suggestion}"?` : `remove "${key}"`,
      });
    }
  }
}
