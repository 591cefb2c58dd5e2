import { InitlibError } from "@initlib/registry";
import type { RandomKey } from "../random-key";

/** The four uint32 words a {@link RandomKey} turns into (docs/rng.md, "Key and counter of a parameter"). */
export interface RandomKeyWords {
  /** Philox key word 0: `seed mod 2^32`. */
  readonly key0: number;
  /** Philox key word 1: `floor(seed / 2^32)`. */
  readonly key1: number;
  /** Counter word 2: low 32 bits of FNV-1a-64 of the path's UTF-8 bytes. */
  readonly path0: number;
  /** Counter word 3: high 32 bits of FNV-1a-64 of the path's UTF-8 bytes. */
  readonly path1: number;
}

const encoder = new TextEncoder();

/**
 * FNV-1a-64 of `text`'s UTF-8 bytes (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`), as
 * its low and high 32-bit halves.
 * @example
 * fnv1a64(""); // { low: 0x84222325, high: 0xcbf29ce4 }
 */
export function fnv1a64(text: string): { readonly low: number; readonly high: number } {
  // Computed once per parameter on short strings, so BigInt's clarity wins over limb arithmetic.
  let hash = 0xcbf29ce484222325n;
  for (const byte of encoder.encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return { low: Number(hash & 0xffffffffn), high: Number(hash >> 32n) };
}

/**
 * Validates a {@link RandomKey} and derives the Philox key words from its seed and the counter words
 * from its path. The seed must be an integer in [0, 2^53); seed 0 is valid.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for any other seed or a non-string path.
 * @example
 * randomKeyWords({ seed: 2 ** 32 + 7, path: "conv1.weight" }); // { key0: 7, key1: 1, path0, path1 }
 */
export function randomKeyWords(key: RandomKey): RandomKeyWords {
  const seed: unknown = key?.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "random seed must be an integer in [0, 2^53)", {
      path: "seed",
      received: seed,
      expected: "a non-negative integer below 2^53 (0 is a valid seed)",
      hint: "pass an integer seed such as 0 or 42; derive one with Math.floor if it comes from arithmetic",
    });
  }
  const path: unknown = key.path;
  if (typeof path !== "string") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "random key path must be a string", {
      path: "path",
      received: path,
      expected: "the parameter's dotted name, e.g. \"backbone.conv1.weight\"",
      hint: "pass the parameter's state-dict name as the key's path",
    });
  }
  const hash = fnv1a64(path);
  return { key0: seed % 2 ** 32, key1: Math.floor(seed / 2 ** 32), path0: hash.low, path1: hash.high };
}
