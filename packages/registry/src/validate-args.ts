import { FLOAT32_MAXIMUM } from "./argument-json-schema";
import type { ArgumentSchema, EnumField, NumberField, ValidatedArguments, ValueSchema } from "./argument-schema";
import { closestNames, formatAlternatives } from "./closest-names";
import { InitlibError, joinConfigPath } from "./initlib-error";
import { camelCaseKey } from "./normalize-keys";
import { isPlainObject } from "./plain-object";

/**
 * Checks an argument object against a schema and returns a copy with defaults filled in. Every
 * problem is an `INITLIB_BAD_ARGUMENT` that names the path of the offending key
 * (`initCfg[0].mode`), the value received and what was expected: a missing required key, a value
 * of the wrong kind or outside its range, an enum value not in the list (with the closest values),
 * and a key the schema does not list (with the allowed keys and the closest ones). `undefined`
 * values count as absent. `args` is not modified.
 *
 * What a Python config writes is read as MMEngine reads it: `true`/`false` where a number goes
 * are 1 and 0 (`bias=True`); `null` (`None`) for an optional key that is not `nullable` means "not
 * given", so its default applies (`bias_prob=None`, `layer=None`). Numbers must be finite: NaN and
 * ±Infinity are refused everywhere, and `float32` fields also refuse values beyond float32's range.
 * @example
 * const args = validateArgs({ mode: "fan_in" }, KAIMING_SCHEMA, "initCfg[0]");
 * // { a: 0, mode: "fan_in", ... }; { mode: "fan" } fails at initCfg[0].mode
 */
export function validateArgs<const Schema extends ArgumentSchema>(
  args: unknown,
  schema: Schema,
  path = "",
): ValidatedArguments<Schema> {
  return validateObject(args, schema, path) as ValidatedArguments<Schema>;
}

function validateObject(args: unknown, schema: ArgumentSchema, path: string): Record<string, unknown> {
  const allowed = Object.keys(schema);
  if (!isPlainObject(args)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "arguments must be an object", {
      path: path || "arguments",
      received: args,
      expected: allowed.length > 0 ? `an object with keys among ${quoteAll(allowed)}` : "an empty object",
    });
  }
  for (const key of Object.keys(args)) {
    if (Object.hasOwn(schema, key) || args[key] === undefined) continue;
    const camel = camelCaseKey(key);
    const suggestions = Object.hasOwn(schema, camel) ? [camel] : closestNames(key, allowed);
    const didYouMean = suggestions.length > 0 ? `did you mean ${formatAlternatives(suggestions)}? ` : "";
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `unknown option '${key}'`, {
      path: joinConfigPath(path, key),
      received: args[key],
      expected: allowed.length > 0 ? `one of the options ${quoteAll(allowed)}` : "no options at all",
      hint:
        camel !== key && Object.hasOwn(schema, camel)
          ? `${didYouMean}snake_case keys are converted by resolveConfig / normalizeKeys; write '${camel}' or resolve the config first`
          : `${didYouMean}remove it, or check which entry the config's type selects`,
    });
  }
  const validated: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const keyPath = joinConfigPath(path, key);
    const value = args[key] === null && field.nullable !== true && field.required !== true ? undefined : args[key];
    if (value === undefined) {
      if (field.required === true) {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", `'${key}' is required`, {
          path: keyPath,
          received: undefined,
          expected: describeField(field),
          hint: `add ${key}: ... to the config`,
        });
      }
      if (field.default !== undefined) defineOwn(validated, key, field.default);
      continue;
    }
    defineOwn(validated, key, validateValue(value, field, keyPath, key));
  }
  return validated;
}

function validateValue(given: unknown, field: ValueSchema, path: string, key: string): unknown {
  if (given === null && field.nullable === true) return null;
  const value = field.kind === "number" && typeof given === "boolean" ? Number(given) : given;
  const problem = checkValue(value, field, path);
  if (problem === undefined) return convertValue(value, field, path);
  throw new InitlibError("INITLIB_BAD_ARGUMENT", `${key} must be ${describeField(field)}`, {
    path,
    received: value,
    expected: describeField(field),
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
  });
}

/** `undefined` when `value` matches at the top level; otherwise a hint for the message, maybe empty. */
function checkValue(value: unknown, field: ValueSchema, path: string): { hint?: string } | undefined {
  switch (field.kind) {
    case "number":
      return checkNumber(value, field) ? undefined : numberHint(value, field);
    case "string":
      return typeof value === "string" && (field.nonEmpty !== true || value !== "") ? undefined : {};
    case "boolean":
      return typeof value === "boolean" ? undefined : {};
    case "enum": {
      if (enumIncludes(field, value)) return undefined;
      const near = typeof value === "string" ? closestNames(value, field.values.filter((item): item is string => typeof item === "string")) : [];
      return near.length > 0 ? { hint: `did you mean ${formatAlternatives(near)}?` } : {};
    }
    case "array": {
      if (!Array.isArray(value)) return {};
      if (field.minItems !== undefined && value.length < field.minItems) return {};
      if (field.maxItems !== undefined && value.length > field.maxItems) return {};
      return undefined;
    }
    case "object":
    case "record":
      return isPlainObject(value) ? undefined : {};
    case "function":
      return typeof value === "function" ? undefined : {};
    case "any":
      return undefined;
    case "oneOf": {
      for (const option of field.options) {
        if (value === null && option.nullable === true) return undefined;
        if (checkValue(pythonNumber(value, option), option, path) === undefined) {
          try {
            convertValue(pythonNumber(value, option), option, path);
            return undefined;
          } catch {
            // a deeper mismatch: try the next option
          }
        }
      }
      return {};
    }
  }
}

/** Validates the inside of arrays, objects and maps (copying them); other values pass through. */
function convertValue(value: unknown, field: ValueSchema, path: string): unknown {
  switch (field.kind) {
    case "array": {
      const items = field.items;
      const list = value as unknown[];
      if (items === undefined) return [...list];
      return list.map((item, index) => validateValue(item, items, joinConfigPath(path, `[${index}]`), `${lastSegment(path)}[${index}]`));
    }
    case "object":
      return field.fields === undefined ? { ...(value as Record<string, unknown>) } : validateObject(value, field.fields, path);
    case "record": {
      const values = field.values;
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        defineOwn(copy, key, values === undefined ? item : validateValue(item, values, joinConfigPath(path, key), key));
      }
      return copy;
    }
    case "oneOf": {
      for (const option of field.options) {
        if (value === null && option.nullable === true) return null;
        const converted = pythonNumber(value, option);
        if (checkValue(converted, option, path) !== undefined) continue;
        try {
          return convertValue(converted, option, path);
        } catch {
          // a deeper mismatch: try the next option
        }
      }
      return value;
    }
    default:
      return value;
  }
}

function numberHint(value: unknown, field: NumberField): { hint?: string } {
  if (typeof value !== "number") return {};
  if (!Number.isFinite(value)) return { hint: "NaN and ±Infinity cannot be written into a tensor; give a finite value" };
  if (field.float32 === true && Math.abs(value) > FLOAT32_MAXIMUM) {
    return { hint: `the value overflows float32 (largest finite float32: ${FLOAT32_MAXIMUM}); give a smaller magnitude` };
  }
  return {};
}

/** A Python bool where a number goes is 1 or 0, as MMEngine reads `bias=True`. */
function pythonNumber(value: unknown, field: ValueSchema): unknown {
  return field.kind === "number" && typeof value === "boolean" ? Number(value) : value;
}

function enumIncludes(field: EnumField, value: unknown): boolean {
  if (field.values.includes(value as string | number | boolean)) return true;
  if (field.ignoreCase !== true || typeof value !== "string") return false;
  const lower = value.toLowerCase();
  return field.values.some((item) => typeof item === "string" && item.toLowerCase() === lower);
}

function checkNumber(value: unknown, field: NumberField): boolean {
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  if (field.finite !== false && !Number.isFinite(value)) return false;
  if (field.float32 === true && !(Math.abs(value) <= FLOAT32_MAXIMUM)) return false;
  if (field.integer === true && !Number.isInteger(value)) return false;
  if (field.minimum !== undefined && value < field.minimum) return false;
  if (field.maximum !== undefined && value > field.maximum) return false;
  if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return false;
  if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return false;
  return true;
}

/**
 * Words for what a field accepts, used in `expected`: `"a finite number >= 0"`,
 * `"'fan_in' or 'fan_out'"`, `"a string or an array of strings"`, `"null or a string"`.
 * @example
 * describeField({ kind: "number", exclusiveMinimum: 0 }); // "a finite number > 0"
 */
export function describeField(field: ValueSchema): string {
  if (field.description !== undefined) return field.description;
  const words = describeKind(field);
  return field.nullable === true ? `null or ${words}` : words;
}

function describeKind(field: ValueSchema): string {
  switch (field.kind) {
    case "number": {
      const bounds: string[] = [];
      if (field.minimum !== undefined) bounds.push(`>= ${field.minimum}`);
      if (field.exclusiveMinimum !== undefined) bounds.push(`> ${field.exclusiveMinimum}`);
      if (field.maximum !== undefined) bounds.push(`<= ${field.maximum}`);
      if (field.exclusiveMaximum !== undefined) bounds.push(`< ${field.exclusiveMaximum}`);
      const noun =
        field.integer === true ? "an integer" : field.float32 === true ? "a finite float32 number" : field.finite === false ? "a number" : "a finite number";
      return [noun, bounds.join(" and ")].filter(Boolean).join(" ");
    }
    case "string":
      return field.nonEmpty === true ? "a non-empty string" : "a string";
    case "boolean":
      return "true or false";
    case "enum":
      if (field.values.length <= 1) return field.values.map(describeLiteral).join("") || "nothing (no values are allowed)";
      return `${field.values.slice(0, -1).map(describeLiteral).join(", ")} or ${describeLiteral(field.values[field.values.length - 1])}`;
    case "array": {
      const items = field.items === undefined ? "" : ` of ${plural(describeField(field.items))}`;
      const { minItems, maxItems } = field;
      let size = "";
      if (minItems !== undefined && minItems === maxItems) size = ` with ${minItems} items`;
      else if (minItems !== undefined && maxItems !== undefined) size = ` with ${minItems} to ${maxItems} items`;
      else if (minItems !== undefined) size = ` with at least ${minItems} items`;
      else if (maxItems !== undefined) size = ` with at most ${maxItems} items`;
      return `an array${items}${size}`;
    }
    case "object":
      return field.fields === undefined ? "an object" : `an object with keys among ${quoteAll(Object.keys(field.fields))}`;
    case "record":
      return field.values === undefined ? "an object" : `an object of ${plural(describeField(field.values))}`;
    case "function":
      return "a function or class";
    case "any":
      return "any value";
    case "oneOf":
      return field.options.map((option) => describeField(option)).join(" or ");
  }
}

function describeLiteral(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

/** "a string" → "strings", "a finite number >= 0" → "finite numbers >= 0" (for "an array of ..."). */
function plural(words: string): string {
  const match = /^(?:an? )(\S+)(.*)$/.exec(words);
  if (match === null) return words;
  const [, noun, rest] = match;
  const nounPlural = noun!.endsWith("s") ? noun! : `${noun}s`;
  if (noun === "finite" || noun === "non-empty") {
    const inner = /^ (\S+)(.*)$/.exec(rest!);
    if (inner !== null) return `${noun} ${inner[1]}s${inner[2]}`;
  }
  return `${nounPlural}${rest}`;
}

function lastSegment(path: string): string {
  const match = /([^.#]+)$/.exec(path);
  return match?.[1] ?? path;
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((key) => `'${key}'`).join(", ");
}

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment, for "__proto__": a JSON key of that name must stay data.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
