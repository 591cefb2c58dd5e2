import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { fnv1a64, randomKeyWords } from "./random-key-words";

const hex64 = ({ low, high }: { low: number; high: number }) => high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");

describe("fnv1a64", () => {
  // Published FNV-1a 64-bit test vectors (Fowler/Noll/Vo reference code).
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"],
  ])("hashes %j to %s", (text, expected) => {
    expect(hex64(fnv1a64(text))).toBe(expected);
  });

  it("hashes the UTF-8 bytes, not UTF-16 code units", () => {
    // "ü" is C3 BC in UTF-8.
    expect(hex64(fnv1a64("ü"))).toBe("0ac20a07b71807ea");
  });
});

describe("randomKeyWords", () => {
  it("splits the seed into two 32-bit key words; seed 0 is valid", () => {
    expect(randomKeyWords({ seed: 0, path: "" })).toMatchObject({ key0: 0, key1: 0, path0: 0x84222325, path1: 0xcbf29ce4 });
    expect(randomKeyWords({ seed: 2 ** 32 + 7, path: "w" })).toMatchObject({ key0: 7, key1: 1 });
    expect(randomKeyWords({ seed: 2 ** 53 - 1, path: "w" })).toMatchObject({ key0: 0xffffffff, key1: 0x1fffff });
  });

  it.each([-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, "1", undefined])("rejects the seed %s", (seed) => {
    try {
      randomKeyWords({ seed: seed as number, path: "w" });
      expect.unreachable();
    } catch (error) {
      expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect((error as InitlibError).path).toBe("seed");
    }
  });
});
