import { InitlibError } from "@initlib/registry";

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Reads a size as `transformers` spells `max_shard_size`: a number of bytes, or a number with a
 * decimal (`KB`, `MB`, `GB`, `TB`: powers of 1000) or binary unit (`KiB`, `MiB`, `GiB`, `TiB`),
 * case-insensitive: `5GB` is 5·10⁹ bytes, `512MiB` is 2²⁹.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` naming `option` for anything else or a size below 1 byte.
 * @example
 * parseByteSize("5GB", "--max-shard-size"); // 5000000000
 */
export function parseByteSize(text: string | number, option: string): number {
  if (typeof text === "number") return checked(text, text, option);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match?.[2]?.toLowerCase() || "b";
  const scale = UNITS[unit];
  if (!match || scale === undefined || !Object.hasOwn(UNITS, unit)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${option} is not a size`, {
      path: option,
      received: text,
      expected: "a number of bytes, or a number with a unit: KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)",
      hint: `e.g. ${option} 5GB`,
    });
  }
  return checked(Math.floor(Number(match[1]) * scale), text, option);
}

function checked(bytes: number, received: unknown, option: string): number {
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${option} must be at least one byte`, { path: option, received, expected: "a whole number of bytes from 1 to 2^53 − 1", hint: `e.g. ${option} 2GB` });
  }
  return bytes;
}

/**
 * A byte count for people: `1.5 GB`, `512.0 MB`, `12 B` (decimal units, as the Hub shows sizes).
 * @example
 * formatByteSize(5e9); // "5.0 GB"
 */
export function formatByteSize(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  const [unit, scale] = bytes < 1e6 ? ["KB", 1e3] : bytes < 1e9 ? ["MB", 1e6] : bytes < 1e12 ? ["GB", 1e9] : ["TB", 1e12];
  return `${(bytes / (scale as number)).toFixed(1)} ${unit as string}`;
}
