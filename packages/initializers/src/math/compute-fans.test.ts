import { describe, expect, it } from "vitest";
import { functionCases } from "../../test/reference-cases";
import { computeFans, FEWER_THAN_TWO_DIMENSIONS_MESSAGE } from "./compute-fans";
import { errorOf } from "../error-of";

describe("computeFans", () => {
  it.each(functionCases.fans.filter((entry) => entry.exception === undefined))("matches torch for $label", (entry) => {
    expect(computeFans({ shape: entry.shape })).toEqual({ fanIn: entry.fan_in, fanOut: entry.fan_out });
  });

  it("raises torch's message for rank < 2", () => {
    const recorded = functionCases.fans.find((entry) => entry.exception !== undefined)!;
    const error = errorOf(() => computeFans({ shape: recorded.shape }));
    expect(error.code).toBe("INITLIB_BAD_SHAPE");
    expect(error.message.split("\n")[0]).toBe(recorded.exception!.message);
    expect(errorOf(() => computeFans({ shape: [] })).message).toContain(FEWER_THAN_TWO_DIMENSIONS_MESSAGE);
  });

  it("reads torch layouts like torch's positional rule", () => {
    expect(computeFans({ shape: [3, 5], layout: "OI" })).toEqual({ fanIn: 5, fanOut: 3 });
    expect(computeFans({ shape: [6, 4, 3], layout: "OIL" })).toEqual({ fanIn: 12, fanOut: 18 });
    expect(computeFans({ shape: [8, 2, 3, 3], layout: "OIHW", groups: 2 })).toEqual({ fanIn: 18, fanOut: 72 });
    expect(computeFans({ shape: [4, 2, 3, 3, 3], layout: "OIDHW" })).toEqual({ fanIn: 54, fanOut: 108 });
    // ConvTranspose2d(4→6, k3): weight (in, out, k, k); torch: fan_in 54, fan_out 36.
    expect(computeFans({ shape: [4, 6, 3, 3], layout: "IOHW" })).toEqual({ fanIn: 54, fanOut: 36 });
    // ConvTranspose2d(4→6, k3, groups 2): weight (4, 3, 3, 3): fan_in = 3·9, fan_out = 4·9.
    expect(computeFans({ shape: [4, 3, 3, 3], layout: "IOHW", groups: 2 })).toEqual({ fanIn: 27, fanOut: 36 });
  });

  it("gives tfjs layouts the fans of the torch-equivalent layer", () => {
    const torchFans = (shape: number[]) => computeFans({ shape });
    // Dense(5→3) kernel [5, 3] ≡ Linear(5→3) weight (3, 5).
    expect(computeFans({ shape: [5, 3], layout: "IO" })).toEqual(torchFans([3, 5]));
    // Conv2D(4→8, k3×5) kernel [3, 5, 4, 8] ≡ Conv2d weight (8, 4, 3, 5).
    expect(computeFans({ shape: [3, 5, 4, 8], layout: "HWIO" })).toEqual(torchFans([8, 4, 3, 5]));
    // Conv1D and Conv3D.
    expect(computeFans({ shape: [3, 4, 6], layout: "LIO" })).toEqual(torchFans([6, 4, 3]));
    expect(computeFans({ shape: [3, 3, 3, 2, 4], layout: "DHWIO" })).toEqual(torchFans([4, 2, 3, 3, 3]));
    // Conv2DTranspose(4→6, k3) kernel [3, 3, 6, 4] ≡ ConvTranspose2d weight (4, 6, 3, 3).
    expect(computeFans({ shape: [3, 3, 6, 4], layout: "HWOI" })).toEqual(torchFans([4, 6, 3, 3]));
    // DepthwiseConv2D(4 channels, multiplier 2, k3) kernel [3, 3, 4, 2] ≡ Conv2d(4, 8, 3, groups=4) weight (8, 1, 3, 3).
    expect(computeFans({ shape: [3, 3, 4, 2], layout: "HWIM" })).toEqual(torchFans([8, 1, 3, 3]));
  });

  it("rejects layouts that do not describe the weight", () => {
    expect(errorOf(() => computeFans({ shape: [3, 5], layout: "OIHW" })).code).toBe("INITLIB_BAD_SHAPE");
    expect(errorOf(() => computeFans({ shape: [3, 5, 2], layout: "OOL" })).message).toContain("exactly one I axis");
    expect(errorOf(() => computeFans({ shape: [3, 5, 2, 2], layout: "HOWI" })).message).toContain("together");
    expect(errorOf(() => computeFans({ shape: [3], layout: "O" })).message).toContain(FEWER_THAN_TWO_DIMENSIONS_MESSAGE);
  });
});
