import { describe, expect, it } from "vitest";
import { copyStrided } from "./copy-strided";

describe("copyStrided", () => {
  it("copies a contiguous view unchanged and a transposed view in row-major order", () => {
    const values = Float32Array.of(1, 2, 3, 4, 5, 6);
    const same = new Float32Array(6);
    copyStrided(values, [2, 3], [3, 1], same);
    expect([...same]).toEqual([1, 2, 3, 4, 5, 6]);
    const transposed = new Float32Array(6);
    copyStrided(values, [3, 2], [1, 3], transposed);
    expect([...transposed]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("follows a broadcast (stride 0) axis, an offset window and a rank-0 tensor", () => {
    const broadcast = new Float32Array(6);
    copyStrided(Float32Array.of(7, 8, 9), [2, 3], [0, 1], broadcast);
    expect([...broadcast]).toEqual([7, 8, 9, 7, 8, 9]);
    const window = Float32Array.of(0, 0, 1, 2, 3, 4).subarray(2);
    const sliced = new Float32Array(2);
    copyStrided(window, [2], [2], sliced);
    expect([...sliced]).toEqual([1, 3]);
    const scalar = new Float32Array(1);
    copyStrided(Float32Array.of(5), [], [], scalar);
    expect([...scalar]).toEqual([5]);
  });
});
