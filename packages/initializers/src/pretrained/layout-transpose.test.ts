import { describe, expect, it } from "vitest";
import { defaultLayout, layoutPermutation, torchLayoutOf, transposeAxes } from "./layout-transpose";
import { mismatchWarning, torchSize } from "./load-warning";
import { stateDictKeys } from "./state-dict-keys";

describe("layouts", () => {
  it("maps tfjs layouts to the torch weight of the same layer", () => {
    expect(torchLayoutOf("HWIO")).toBe("OIHW");
    expect(torchLayoutOf("HWOI")).toBe("IOHW");
    expect(torchLayoutOf("IO")).toBe("OI");
    expect(torchLayoutOf("DHWIO")).toBe("OIDHW");
    expect(torchLayoutOf("OIHW")).toBe("OIHW");
    expect(torchLayoutOf("IOHW")).toBe("IOHW");
    expect(defaultLayout([2, 3, 4])).toBe("OIL");
    expect(defaultLayout([2])).toBeUndefined();
  });

  it("computes permutations and transposes axes", () => {
    expect(layoutPermutation("OIHW", "HWIO")).toEqual([2, 3, 1, 0]);
    expect(layoutPermutation("OIHW", "HWIM")).toBeUndefined();
    expect([...transposeAxes(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0])]).toEqual([1, 4, 2, 5, 3, 6]);
    // Round trip through a 4-D permutation and its inverse.
    const values = Float32Array.from({ length: 120 }, (_, index) => index);
    const forward = transposeAxes(values, [2, 3, 4, 5], [2, 3, 1, 0]);
    expect([...transposeAxes(forward, [4, 5, 3, 2], [3, 2, 0, 1])]).toEqual([...values]);
  });
});

describe("state dict keys", () => {
  it("strips only a leading module. without prefix", () => {
    expect([...stateDictKeys(["module.a.module.b", "c"], {}).keys()]).toEqual(["a.module.b", "c"]);
  });
  it("unwraps state_dict and ignores the other top-level entries", () => {
    expect([...stateDictKeys(["meta.x", "state_dict.w"], {})]).toEqual([["w", "state_dict.w"]]);
  });
});

describe("warning text", () => {
  it("is empty when everything matched", () => {
    expect(mismatchWarning({ missing: [], unexpected: [], shapeMismatched: [] })).toBeUndefined();
    expect(torchSize([])).toBe("torch.Size([])");
  });
  it("joins the parts as MMEngine does", () => {
    expect(mismatchWarning({ missing: ["a", "b"], unexpected: [], shapeMismatched: [] })).toBe(
      "The model and loaded state dict do not match exactly\n\nmissing keys in source state_dict: a, b\n",
    );
  });
});
