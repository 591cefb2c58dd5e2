import { describe, expect, it } from "vitest";
import { openCheckpoint } from "../src/index";
import { fixture } from "./fixtures";
import { expectTiledWindows, permuteWhole } from "./streamed-helpers";

/** Every permutation of `rank` axes (rank ≤ 4). */
function permutations(rank: number): number[][] {
  if (rank === 0) return [[]];
  return permutations(rank - 1).flatMap((rest) => Array.from({ length: rank }, (_, position) => [...rest.slice(0, position), rank - 1, ...rest.slice(position)]));
}

describe.each(["streaming-views.pth", "streaming-views-deflated.pth"])("ranged reads of real torch views: %s", (name) => {
  it("reads every tensor (strided, float16, deflated) window by window as the whole read", async () => {
    const reader = await openCheckpoint(fixture(name));
    expect(reader.keys()).toContain("half_t");
    for (const key of reader.keys()) {
      expect(reader.canReadRange!(key), key).toBe(true);
      const whole = await reader.read(key);
      for (const [chunk, first] of [[4093, 4093], [997, 13], [65_536, 70_001]] as const) await expectTiledWindows(reader, key, whole, chunk, first);
    }
    // torch's own contiguous copy of a view
    const contiguous = await reader.read("columns.contiguous");
    expect(Array.from(await reader.readRange!("columns", 0, contiguous.length))).toEqual(Array.from(contiguous));
    await reader.close();
  });

  it("reads every tensor with its axes permuted, window by window, as the whole read transposed", async () => {
    const reader = await openCheckpoint(fixture(name));
    for (const key of ["base", "half_t", "rows_t", "permuted"]) {
      const { shape } = reader.entry(key);
      const whole = await reader.read(key);
      const orders = permutations(shape.length).filter((order) => shape.length < 4 || [[3, 2, 0, 1], [2, 3, 1, 0], [0, 2, 3, 1]].some((pick) => pick.join() === order.join()));
      for (const permutation of orders) {
        const expected = permuteWhole(whole, shape, permutation);
        await expectTiledWindows(reader, key, expected, 4093, 1001, permutation);
      }
    }
    await reader.close();
  });
});

describe("ranged reads: refusals", () => {
  it("refuses a window outside the tensor and a permutation that does not fit, with coded errors", async () => {
    const reader = await openCheckpoint(fixture("streaming-views-deflated.pth"));
    const { elementCount } = reader.entry("half_t");
    await expect(reader.readRange!("half_t", elementCount - 2, 3)).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT", message: expect.stringContaining("outside the tensor") });
    await expect(reader.readRange!("half_t", 0, 3, { permutation: [1, 0], into: new Float32Array(2) })).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT" });
    for (const permutation of [[0], [0, 0], [1, 2], [0, 1.5], [0, -1]]) {
      await expect(reader.readRange!("half_t", 0, 3, { permutation })).rejects.toMatchObject({ code: "CHECKPOINT_BAD_ARGUMENT", message: expect.stringContaining("permutation") });
    }
    await reader.close();
  });
});
