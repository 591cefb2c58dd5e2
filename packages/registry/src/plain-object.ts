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

/**
 * Sets `target[key] = value` as data, also for the key `"__proto__"` (an assignment would replace
 * the prototype instead): a config key of that name stays an ordinary key.
 * @example
 * defineOwn(copy, "__proto__", 1); // Object.keys(copy) includes "__proto__"
 */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
