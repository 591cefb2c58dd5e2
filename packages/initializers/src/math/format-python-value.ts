/**
 * Formats a value the way Python's `str()` does, so info strings read exactly like MMEngine's
 * (`KaimingInit: a=0, mode=fan_out, ...`, `bias=-0.0`, `std=1e-05`).
 *
 * Numbers: integers print without a decimal point (`1`); other finite numbers use the shortest
 * digits that round-trip (as Python's `repr` does), in fixed notation with at least one decimal
 * (`0.0001`, `2.5`) when the decimal exponent is in [-4, 16) and in Python's scientific layout
 * otherwise (`1e-05`, `2.5e-07`, `1e+16`). `-0` prints `-0.0`; `NaN`, `Infinity`, `-Infinity` print
 * `nan`, `inf`, `-inf`. Booleans print `True`/`False`, `null`/`undefined` print `None`, strings print
 * raw, arrays and plain objects print as Python lists and dicts with `repr`-quoted strings.
 *
 * JavaScript has one number type, so the int/float distinction of a Python config cannot survive:
 * `1.0` written in a JSON or TypeScript config is the number `1` and prints `1`, where MMEngine
 * prints `1.0`. Integers beyond 2^53 print in the float layout (`1e+16`), the only way such a value
 * reaches JavaScript faithfully.
 * @example
 * formatPythonValue(1e-5); // "1e-05"
 * formatPythonValue(-0); // "-0.0"
 * formatPythonValue(true); // "True"
 */
export function formatPythonValue(value: unknown): string {
  return format(value, false);
}

function format(value: unknown, nested: boolean): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return nested ? quote(value) : value;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => format(item, true)).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `${quote(key)}: ${format(item, true)}`).join(", ")}}`;
  }
  return String(value);
}

/** Python `repr` of a string: single quotes unless the text contains one and no double quote. */
function quote(text: string): string {
  const useDouble = text.includes("'") && !text.includes('"');
  const delimiter = useDouble ? '"' : "'";
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return delimiter + (useDouble ? escaped : escaped.replace(/'/g, "\\'")) + delimiter;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0.0";
  if (Number.isSafeInteger(value)) return String(value);
  // toExponential() without an argument gives the shortest round-trip digits, like Python's repr.
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const exponentDigits = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${exponentDigits}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fractionPart = digits.slice(exponent + 1) || "0";
  return `${sign}${integerPart}.${fractionPart}`;
}
