import type { Buildable } from "./registry-types";

/**
 * How a registry calls a target with the config's arguments: `'class'` → `new Target(args)`,
 * `'factory'` → `Target(args)`.
 */
export type TargetKind = "class" | "factory";

/**
 * Decides whether a callable is constructed with `new` or called, without calling it:
 *
 * 1. `class` syntax (including minified classes, whose source still starts with `class`) → `'class'`;
 * 2. no `prototype` (arrow functions, methods, async functions, bound functions) → `'factory'`;
 * 3. a `function` whose prototype has members besides `constructor` (an ES5-style or transpiled
 *    class) → `'class'`;
 * 4. any other `function` → `'factory'`.
 *
 * Rule 4 is the one guess: an ES5 constructor function without prototype methods is called
 * without `new`. Register such a target with `{ kind: 'class' }` (and a bound class, which rule 2
 * classifies as a factory, likewise) to say so explicitly.
 * @example
 * detectTargetKind(class Foo {});            // "class"
 * detectTargetKind((args: object) => args); // "factory"
 */
export function detectTargetKind(target: Buildable): TargetKind {
  if (/^class[\s{]/.test(Function.prototype.toString.call(target))) return "class";
  const prototype = (target as { prototype?: unknown }).prototype;
  if (typeof prototype !== "object" || prototype === null) return "factory";
  const members = Reflect.ownKeys(prototype).filter((key) => key !== "constructor");
  return members.length > 0 ? "class" : "factory";
}

/**
 * Calls a target the way its kind says, with the config's arguments as one object.
 * @example
 * invokeTarget(Foo, "class", { x: 1 }); // new Foo({ x: 1 })
 */
export function invokeTarget(target: unknown, kind: TargetKind, args: Record<string, unknown>): unknown {
  if (kind === "class") return Reflect.construct(target as new (args: Record<string, unknown>) => unknown, [args]);
  return (target as (args: Record<string, unknown>) => unknown)(args);
}
