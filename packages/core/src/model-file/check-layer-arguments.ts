import { LAYER_ARGUMENTS, type LayerArgumentKind } from "../layers/layer-arguments";
import { childPath, type SpecIssues } from "./spec-issues";

const KIND_TEXT: Readonly<Record<LayerArgumentKind, string>> = {
  "positive-integer": "a positive integer",
  "non-negative-integer": "an integer >= 0",
  "integer-or-null": "an integer or null",
  number: "a finite number",
  "number-or-null": "a finite number or null",
  boolean: "true or false",
  size: "a positive integer or a list of them",
  "size-or-padding": "an integer >= 0, a list of them, 'same' or 'valid'",
  string: "a string",
};

const isInteger = (value: unknown, minimum: number) => typeof value === "number" && Number.isSafeInteger(value) && value >= minimum;

/** A Python bool where a number goes is 1 or 0, as Python (and so MMEngine) reads it. */
const pythonNumber = (value: unknown): unknown => (typeof value === "boolean" ? Number(value) : value);

function accepts(kind: LayerArgumentKind, value: unknown): boolean {
  switch (kind) {
    case "positive-integer":
      return isInteger(value, 1);
    case "non-negative-integer":
      return isInteger(value, 0);
    case "integer-or-null":
      return value === null || isInteger(value, Number.MIN_SAFE_INTEGER);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "number-or-null":
      return value === null || (typeof value === "number" && Number.isFinite(value));
    case "boolean":
      return typeof value === "boolean";
    case "size":
      return isInteger(value, 1) || (Array.isArray(value) && value.length > 0 && value.length <= 3 && value.every((item) => isInteger(item, 1)));
    case "size-or-padding":
      return value === "same" || value === "valid" || isInteger(value, 0) || (Array.isArray(value) && value.length <= 3 && value.every((item) => isInteger(item, 0)));
    case "string":
      return typeof value === "string";
  }
}

/**
 * Checks a leaf layer's `args` against its declaration and returns them normalized: Python bools
 * where numbers go become 1/0; unknown names, missing required ones and values of the wrong kind
 * are recorded in `issues` (with a did-you-mean for names).
 */
export function checkLayerArguments(layer: string, args: unknown, path: string, issues: SpecIssues): Record<string, unknown> {
  const declared = LAYER_ARGUMENTS[layer] ?? {};
  const normalized: Record<string, unknown> = {};
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
    issues.wrongValue(path, args, "an object of constructor arguments");
    return normalized;
  }
  const given = (args ?? {}) as Record<string, unknown>;
  for (const [name, raw] of Object.entries(given)) {
    const argumentPath = childPath(path, name);
    if (!Object.hasOwn(declared, name)) {
      issues.unknownKey(argumentPath, name, Object.keys(declared), `the arguments of nn.${layer}`);
      continue;
    }
    const { kind } = declared[name]!;
    const value = kind === "boolean" || kind === "string" ? raw : pythonNumber(raw);
    if (!accepts(kind, value)) issues.wrongValue(argumentPath, raw, KIND_TEXT[kind]);
    else Object.defineProperty(normalized, name, { value, enumerable: true, writable: true, configurable: true });
  }
  for (const [name, argument] of Object.entries(declared)) {
    if (argument.required && !Object.hasOwn(given, name)) {
      issues.add("INITLIB_BAD_ARGUMENT", childPath(path, name), `nn.${layer} needs '${name}'`, { expected: KIND_TEXT[argument.kind], hint: `add "${name}" to args` });
    }
  }
  return normalized;
}
