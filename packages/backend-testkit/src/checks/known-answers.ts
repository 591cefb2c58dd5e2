import { writeRule, type FillRule } from "@initlib/initializers";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { readChecked, withStorage } from "../storage-helpers";

/**
 * Pinned answers of the generator (docs/rng.md): for a key (seed, path), the float32 bit pattern
 * of elements 0, 1, 5 and 1023 of U(-1, 1), N(0, 1) and N(0, 1) truncated to [-2, 2], computed
 * once from the WebAssembly host generator and cross-checked against the JavaScript one (the
 * initializers' known-answer test pins both). Uniform values are the same bits on every backend;
 * normal and truncated-normal ones may differ by the float32 rounding of log, sin/cos and erfinv:
 * within `knownAnswerTolerance` (default 1e-6; measured on WebGPU/SwiftShader: 2.5e-7 normal,
 * 4.7e-7 truncated normal).
 */
export const KNOWN_ANSWER_KEYS = [
  { seed: 0, path: "fc.weight" },
  { seed: 2 ** 40 + 7, path: "backbone.layer1.0.conv1.weight" },
  { seed: 42, path: "blocks.3.attn.проекция" },
] as const;

/** Element indices whose values are pinned, in a parameter of 1024 elements. */
export const KNOWN_ANSWER_INDICES = [0, 1, 5, 1023] as const;

/** Per rule kind, per key (in {@link KNOWN_ANSWER_KEYS} order), the pinned bits at {@link KNOWN_ANSWER_INDICES}. */
export const KNOWN_ANSWERS: Readonly<Record<"uniform" | "normal" | "truncNormal", readonly (readonly string[])[]>> = {
  uniform: [
    ["bf595fa8", "3e945974", "3ed4b550", "3db3d9e0"],
    ["3f11c73a", "be6c9688", "3db898a0", "3e572fc0"],
    ["bedc81ac", "3f6165c6", "be9300e8", "beb9ef3c"],
  ],
  normal: [
    ["bfb28b6d", "bfe5cc47", "bf97b02f", "be7445e9"],
    ["bf055311", "3eeca3d5", "be8b6993", "bf63a00c"],
    ["3fbcc42a", "bf14d897", "3fece9ad", "3f3da8b8"],
  ],
  truncNormal: [
    ["bfa7efb5", "3eb52e13", "3f04f9bb", "3dd78d1a"],
    ["3f3ea382", "be8f5d82", "3ddd4292", "3e82195f"],
    ["bf0a57d9", "3fb4054d", "beb37782", "bee5ee79"],
  ],
};

export const KNOWN_ANSWER_RULES: Readonly<Record<keyof typeof KNOWN_ANSWERS, FillRule>> = {
  uniform: { kind: "uniform", low: -1, high: 1 },
  normal: { kind: "normal", mean: 0, std: 1 },
  truncNormal: { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
};

/** The float32 of a pinned bit pattern. */
export function fromBits(hex: string): number {
  return new Float32Array(new Uint32Array([Number.parseInt(hex, 16)]).buffer)[0]!;
}

/**
 * Through `writeRule` (the backend's `sample` when it has one): uniform values bit for bit the
 * pinned ones, normal and truncated-normal ones within `knownAnswerTolerance · max(1, |z|)` of them
 * (bit for bit on the WebAssembly host).
 */
export const knownAnswerCheck: ConformanceCheck = {
  id: "known-answers",
  title: "writes the pinned values of the generator: uniform bit for bit, normal and truncated normal within knownAnswerTolerance (1e-6)",
  async run({ backend, options }) {
    for (const [kind, rule] of Object.entries(KNOWN_ANSWER_RULES) as [keyof typeof KNOWN_ANSWERS, FillRule][]) {
      for (const [keyIndex, key] of KNOWN_ANSWER_KEYS.entries()) {
        await withStorage(backend, [1024], async (storage) => {
          await writeRule(backend, storage, [1024], rule, key);
          const values = await readChecked(backend, storage, 1024);
          for (const [position, index] of KNOWN_ANSWER_INDICES.entries()) {
            const expected = fromBits(KNOWN_ANSWERS[kind][keyIndex]![position]!);
            const allowed = kind === "uniform" ? 0 : options.knownAnswerTolerance * Math.max(1, Math.abs(expected));
            const difference = Math.abs(values[index]! - expected);
            ensure(difference <= allowed, `${kind}, seed ${key.seed}, path ${key.path}, element ${index}: ${values[index]} differs from the pinned ${expected} by ${difference} (allowed ${allowed})`);
          }
        });
      }
    }
  },
};
