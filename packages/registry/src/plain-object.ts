/**
 * Whether `value` is a plain object (`{...}` literal, `Object.create(null)`, parsed JSON/YAML), as
 * opposed to an array, a class instance, a typed array or a function. Configs are plain objects;
 * anything else is data that config handling passes through untouched.
 * @example
 * isPlainObject({ type: "Kaiming" }); // true
 * isPlainObject(new Map());           // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}
