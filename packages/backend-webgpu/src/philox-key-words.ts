import type { RandomKey } from "@initlib/initializers";

/**
 * The four 32-bit words that select a parameter's Philox stream (`docs/rng.md`, "Key and counter of
 * a parameter"): the key `(seed mod 2^32, floor(seed / 2^32))` and the FNV-1a-64 hash of the path,
 * split into its low and high halves (the counter's words 2 and 3). Computed once on the host and
 * passed to the device as uniforms, because WGSL has no 64-bit integers.
 */
export interface PhiloxKeyWords {
  readonly key0: number;
  readonly key1: number;
  readonly pathLow: number;
  readonly pathHigh: number;
}

const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const encoder = new TextEncoder();

/**
 * Splits a {@link RandomKey} into the words the WGSL generator takes.
 * @example
 * philoxKeyWords({ seed: 2 ** 32 + 5, path: "conv.weight" }).key1 // 1
 */
export function philoxKeyWords(key: RandomKey): PhiloxKeyWords {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of encoder.encode(key.path)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  return {
    key0: key.seed % 2 ** 32,
    key1: Math.floor(key.seed / 2 ** 32),
    pathLow: Number(hash & 0xffffffffn),
    pathHigh: Number(hash >> 32n),
  };
}
