import { describe, expect, it } from "vitest";
import type { RandomKey } from "../random-key";
import { generateWithFloat64Reference } from "./float64-reference-generator";
import { generateRuleValues } from "./generate-rule-values";
import { prepareRule } from "./prepared-rule";
import { randomKeyWords } from "./random-key-words";

/**
 * (seed, path, element index) -> exact float32 bits of the host generators (docs/rng.md). Any
 * change to the counter layout, the key derivation, FNV-1a of the path, Philox, or a transform
 * changes these, so the test pins the definition, not just "it runs". The same uniform and
 * WebAssembly-normal answers are checked on every backend by the testkit's `known-answers` check.
 */
const KEYS: readonly RandomKey[] = [
  { seed: 0, path: "fc.weight" },
  { seed: 2 ** 40 + 7, path: "backbone.layer1.0.conv1.weight" },
  { seed: 42, path: "blocks.3.attn.проекция" },
];
const INDICES = [0, 1, 5, 1023, 1_000_003];
const RULES = {
  uniform: { kind: "uniform", low: -1, high: 1 },
  normal: { kind: "normal", mean: 0, std: 1 },
  truncNormal: { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
} as const;

const ANSWERS = {
  webassembly: {
    uniform: ["bf595fa8 3e945974 3ed4b550 3db3d9e0 3e965738", "3f11c73a be6c9688 3db898a0 3e572fc0 3e878984", "bedc81ac 3f6165c6 be9300e8 beb9ef3c 3becbc00"],
    normal: ["bfb28b6d bfe5cc47 bf97b02f be7445e9 be9cd002", "bf055311 3eeca3d5 be8b6993 bf63a00c bde10c40", "3fbcc42a bf14d897 3fece9ad 3f3da8b8 bd4277fa"],
    truncNormal: ["bfa7efb5 3eb52e13 3f04f9bb 3dd78d1a 3eb7b7e0", "3f3ea382 be8f5d82 3ddd4292 3e82195f 3ea4f37c", "bf0a57d9 3fb4054d beb37782 bee5ee79 3c0d9aaf"],
  },
  javascript: {
    uniform: ["bf595fa8 3e945974 3ed4b550 3db3d9e0 3e965738", "3f11c73a be6c9688 3db898a0 3e572fc0 3e878984", "bedc81ac 3f6165c6 be9300e8 beb9ef3c 3becbc00"],
    normal: ["bfb28b6c bfe5cc47 bf97b02e be7445ea be9cd002", "bf055312 3eeca3d6 be8b6992 bf63a00c bde10c40", "3fbcc42a bf14d897 3fece9ad 3f3da8b8 bd4277f9"],
    truncNormal: ["bfa7efb5 3eb52e13 3f04f9bb 3dd78d1a 3eb7b7e0", "3f3ea382 be8f5d82 3ddd4292 3e82195f 3ea4f37c", "bf0a57d9 3fb4054d beb37782 bee5ee79 3c0d9aaf"],
  },
  /** The float64 reference (far-tail truncations, and the yardstick of accuracy tests). */
  float64Reference: {
    uniform: ["bf595fa8 3e945974 3ed4b550 3db3d9e0 3e965738", "3f11c73a be6c9688 3db898a0 3e572fc0 3e878984", "bedc81ac 3f6165c6 be9300e8 beb9ef3c 3becbc00"],
    normal: ["bfb28b6d bfe5cc46 bf97b02e be7445ea be9cd002", "bf055312 3eeca3d7 be8b6992 bf63a00c bde10c40", "3fbcc42a bf14d897 3fece9ac 3f3da8b8 bd4277f9"],
    truncNormal: ["bfa7efb5 3eb52e13 3f04f9bb 3dd78d17 3eb7b7e1", "3f3ea383 be8f5d83 3ddd4291 3e821960 3ea4f37d", "bf0a57da 3fb4054d beb37781 bee5ee7a 3c0d9aab"],
  },
} as const;

const bitsOf = (value: number) => new Uint32Array(new Float32Array([value]).buffer)[0]!.toString(16).padStart(8, "0");

describe("known answers of the host generators", () => {
  for (const engine of ["webassembly", "javascript", "float64Reference"] as const) {
    for (const [kind, rule] of Object.entries(RULES) as [keyof typeof RULES, (typeof RULES)[keyof typeof RULES]][]) {
      it(`${engine} ${kind}: (seed, path, index) gives the pinned bits`, () => {
        KEYS.forEach((key, keyIndex) => {
          const bits = INDICES.map((index) => {
            const out = new Float32Array(1);
            if (engine === "float64Reference") generateWithFloat64Reference(prepareRule(rule), randomKeyWords(key), index, out);
            else generateRuleValues(rule, key, index, out, { engine });
            return bitsOf(out[0]!);
          });
          expect(bits.join(" "), `seed ${key.seed}, path ${key.path}`).toBe(ANSWERS[engine][kind][keyIndex]);
        });
      });
    }
  }

  it("both engines give the same uniform and truncated-normal bits; their normals differ by at most 4 ulp, as do the float64 reference's", () => {
    for (const kind of ["uniform", "truncNormal"] as const) expect(ANSWERS.javascript[kind]).toEqual(ANSWERS.webassembly[kind]);
    expect(ANSWERS.float64Reference.uniform).toEqual(ANSWERS.webassembly.uniform);
    const pairs = [
      [ANSWERS.javascript.normal, ANSWERS.webassembly.normal],
      [ANSWERS.float64Reference.normal, ANSWERS.webassembly.normal],
      [ANSWERS.float64Reference.truncNormal, ANSWERS.webassembly.truncNormal],
    ] as const;
    for (const [rows, wasmRows] of pairs) {
      wasmRows.forEach((row, keyIndex) => {
        const other = rows[keyIndex]!.split(" ");
        row.split(" ").forEach((bits, position) => expect(Math.abs(Number.parseInt(bits, 16) - Number.parseInt(other[position]!, 16))).toBeLessThanOrEqual(4));
      });
    }
  });
});
