import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CheckpointError, openCheckpointFromBytes } from "../src/index";
import { fixtureBytes } from "./fixtures";

/** A mutation of a valid file: flipped bytes, a truncation, or random bytes appended. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), positions: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
  fc.record({ kind: fc.constant("extend" as const), tail: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, change: Mutation): Uint8Array {
  if (change.kind === "truncate") return bytes.slice(0, Math.floor(change.at * bytes.length));
  if (change.kind === "extend") {
    const out = new Uint8Array(bytes.length + change.tail.length);
    out.set(bytes);
    out.set(change.tail, bytes.length);
    return out;
  }
  const out = bytes.slice();
  for (const [where, xor] of change.positions) out[Math.floor(where * out.length)]! ^= xor;
  return out;
}

/** Opens and reads every tensor; the only acceptable failure is a CheckpointError. */
async function exercise(open: () => Promise<Awaited<ReturnType<typeof openCheckpointFromBytes>>>): Promise<void> {
  try {
    const reader = await open();
    for (const key of reader.keys()) await reader.read(key);
    await reader.close();
  } catch (error) {
    if (!CheckpointError.isInstance(error)) throw error;
  }
}

const tfjsFiles = () => ({
  "group1-shard1of2.bin": fixtureBytes("tfjs/group1-shard1of2.bin"),
  "group1-shard2of2.bin": fixtureBytes("tfjs/group1-shard2of2.bin"),
  "group2-shard1of1.bin": fixtureBytes("tfjs/group2-shard1of1.bin"),
});

describe("mutated files only ever produce CheckpointErrors", () => {
  // INITLIB_FUZZ_RUNS (set by `pnpm fuzz`) raises the count for a longer run.
  const settings = { seed: 20260529, numRuns: Number(process.env.INITLIB_FUZZ_RUNS ?? 4000) };

  it.each(["flat.pth", "flat-deflated.pth", "dtypes.pth", "views.pth", "dtypes.safetensors", "wrapped-module.pth"])("%s", async (name) => {
    const bytes = fixtureBytes(name);
    await fc.assert(fc.asyncProperty(mutation, (change) => exercise(() => openCheckpointFromBytes(mutate(bytes, change), { name }))), settings);
  });

  it("tfjs model.json and shards", async () => {
    const model = fixtureBytes("tfjs/model.json");
    await fc.assert(
      fc.asyncProperty(mutation, fc.integer({ min: 0, max: 3 }), (change, target) => {
        const files: Record<string, Uint8Array> = tfjsFiles();
        const names = Object.keys(files);
        if (target === 3) return exercise(() => openCheckpointFromBytes(mutate(model, change), { name: "model.json", files }));
        files[names[target]!] = mutate(files[names[target]!]!, change);
        return exercise(() => openCheckpointFromBytes(model, { name: "model.json", files }));
      }),
      settings,
    );
  });

  it("the harness itself reports a non-CheckpointError", async () => {
    await expect(exercise(() => Promise.reject(new RangeError("boom")))).rejects.toThrow(RangeError);
  });
});

describe("the restricted unpickler on mutated pickles", () => {
  it("only ever raises CheckpointErrors", async () => {
    const { unzipSync } = await import("fflate");
    const { unpickle } = await import("../src/internal");
    const pickles = ["flat.pth", "wrapped-module.pth", "dtypes.pth", "malicious.pth"].map((name) => {
      const members = unzipSync(fixtureBytes(name));
      return Object.entries(members).find(([member]) => member.endsWith("data.pkl"))![1];
    });
    fc.assert(
      fc.property(mutation, fc.integer({ min: 0, max: pickles.length - 1 }), (change, which) => {
        try {
          unpickle(mutate(pickles[which]!, change), "data.pkl");
        } catch (error) {
          if (!CheckpointError.isInstance(error)) throw error;
        }
      }),
      { seed: 20260529, numRuns: Math.max(20000, Number(process.env.INITLIB_FUZZ_RUNS ?? 0)) },
    );
  });
});
