import { describe, expect, it } from "vitest";
import { errorOf, rejectionOf } from "../error-of";
import { linear } from "../../test/fake-module";
import { createHostParam, type HostParam } from "../host-param";
import { transposeAxes } from "../pretrained/layout-transpose";
import { generateRuleValues } from "../random/generate-rule-values";
import { buildInitializer } from "../weight-initializers/build-initializer";
import { diracInit } from "./dirac";
import { eyeInit } from "./eye";
import { onesInit } from "./ones";
import { OrthogonalInit, orthogonalInit } from "./orthogonal";
import { sparseInit } from "./sparse";
import { zerosInit } from "./zeros";


/** Largest |(M·Mᵀ)ᵢⱼ − gain²·δᵢⱼ| over the short side of a row-major rows × columns matrix. */
function orthogonalityError(values: Float32Array, rows: number, columns: number, gain: number): number {
  const alongRows = rows <= columns;
  const count = alongRows ? rows : columns;
  const length = alongRows ? columns : rows;
  const at = (vector: number, index: number) => (alongRows ? values[vector * columns + index]! : values[index * columns + vector]!);
  let worst = 0;
  for (let i = 0; i < count; i += 1) {
    for (let j = i; j < count; j += 1) {
      let dot = 0;
      for (let k = 0; k < length; k += 1) dot += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}

describe("Orthogonal (torch orthogonal_)", () => {
  it.each([
    ["tall", [96, 24], 1],
    ["wide", [24, 96], 1],
    ["square", [48, 48], 2],
    ["4-D wide (Conv2d 8→32, 3×3)", [32, 8, 3, 3], Math.SQRT2],
    ["4-D tall (Conv2d 2→64, 2×2)", [64, 2, 2, 2], 0.5],
  ] as const)("%s: W·Wᵀ (or Wᵀ·W) = gain²·I to float32 accuracy", async (_label, shape, gain) => {
    const weight = createHostParam(shape, { path: "layer.weight", seed: 3 });
    await orthogonalInit({ weight }, { gain });
    const rows = shape[0];
    const columns = weight.data.length / rows;
    expect(orthogonalityError(weight.data, rows, columns, gain)).toBeLessThan(5e-7 * gain * gain);
  });

  it("is torch's Q: R = Qᵀ·A of the (seed, path) normals is upper triangular with a positive diagonal", async () => {
    for (const [rows, columns] of [
      [20, 6],
      [6, 20],
    ] as const) {
      const weight = createHostParam([rows, columns], { path: "fc.weight", seed: 11 });
      await orthogonalInit({ weight });
      const normals = new Float32Array(rows * columns);
      generateRuleValues({ kind: "normal", mean: 0, std: 1 }, { seed: 11, path: "fc.weight" }, 0, normals);
      // Tall orientation: A is m × n with m ≥ n, Q the same.
      const tall = rows >= columns;
      const [m, n] = tall ? [rows, columns] : [columns, rows];
      const a = (i: number, j: number) => (tall ? normals[i * columns + j]! : normals[j * columns + i]!);
      const q = (i: number, j: number) => (tall ? weight.data[i * columns + j]! : weight.data[j * columns + i]!);
      for (let i = 0; i < n; i += 1) {
        for (let j = 0; j < n; j += 1) {
          let r = 0;
          for (let k = 0; k < m; k += 1) r += q(k, i) * a(k, j);
          if (i > j) expect(Math.abs(r)).toBeLessThan(1e-5);
          if (i === j) expect(r).toBeGreaterThan(0);
        }
      }
    }
  });

  it("depends only on (seed, path), and stores a tfjs HWIO kernel as the transposed torch OIHW result", async () => {
    const torch = createHostParam([8, 4, 3, 3], { path: "conv.weight", seed: 5 });
    const again = createHostParam([8, 4, 3, 3], { path: "conv.weight", seed: 5 });
    const other = createHostParam([8, 4, 3, 3], { path: "conv2.weight", seed: 5 });
    const tfjs = createHostParam([3, 3, 4, 8], { path: "conv.weight", seed: 5, layout: "HWIO" });
    for (const weight of [torch, again, other, tfjs]) await orthogonalInit({ weight });
    expect([...again.data]).toEqual([...torch.data]);
    expect([...other.data]).not.toEqual([...torch.data]);
    expect([...tfjs.data]).toEqual([...transposeAxes(torch.data, [8, 4, 3, 3], [2, 3, 1, 0])]);
  });

  it("refuses a 1-D tensor at plan time, before anything is written", async () => {
    const weight = createHostParam([16], { path: "w" });
    const bias = createHostParam([16], { path: "b" });
    const error = await rejectionOf(orthogonalInit({ weight, bias }));
    expect(error.code).toBe("INITLIB_BAD_SHAPE");
    expect(error.message).toContain("Only tensors with 2 or more dimensions are supported");
    expect([weight.history, bias.history]).toEqual([[], []]);
  });

  it("plans host values with the info string, and loading without a key is a coded error", async () => {
    const initializer = new OrthogonalInit({ layer: "Linear" });
    const plan = initializer.plan(linear(3, 2));
    expect(plan.writes.map((write) => [write.rule.kind, write.info])).toEqual([
      ["values", "OrthogonalInit: gain=1, bias=0"],
      ["constant", "OrthogonalInit: gain=1, bias=0"],
    ]);
    const rule = plan.writes[0]!.rule;
    if (rule.kind !== "values") throw new Error("expected a values rule");
    expect((await rejectionOf(rule.load())).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});

describe("Dirac, Eye, Zeros, Ones: exact", () => {
  const ones = (param: HostParam) => [...param.data.keys()].filter((index) => param.data[index] !== 0);

  it("Dirac 3-D with groups: w[g·outPerGroup + d, d, k//2] = 1", async () => {
    const weight = createHostParam([4, 2, 3], { path: "conv.weight" });
    const bias = createHostParam([4], { path: "conv.bias" });
    await diracInit({ weight, bias }, { groups: 2, bias: 0.5 });
    // (o, i, k) → o·6 + i·3 + k: (0,0,1), (1,1,1), (2,0,1), (3,1,1).
    expect(ones(weight)).toEqual([1, 10, 13, 22]);
    expect([...weight.data].filter((value) => value !== 0)).toEqual([1, 1, 1, 1]);
    expect([...bias.data]).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("Dirac 4-D and 5-D: the centre of the kernel, min(out, in) channels", async () => {
    const conv2d = createHostParam([3, 2, 3, 3], { path: "c2.weight" });
    await diracInit({ weight: conv2d });
    // (0,0,1,1) = 4, (1,1,1,1) = 18 + 9 + 4 = 31; output channel 2 has no matching input.
    expect(ones(conv2d)).toEqual([4, 31]);
    const conv3d = createHostParam([1, 1, 3, 3, 3], { path: "c3.weight" });
    await diracInit({ weight: conv3d });
    expect(ones(conv3d)).toEqual([13]);
    const even = createHostParam([1, 1, 4, 4], { path: "c4.weight" });
    await diracInit({ weight: even });
    expect(ones(even)).toEqual([10]); // k // 2 = 2 on both axes: 2·4 + 2
  });

  it("Dirac refuses 2-D weights and channels not divisible by groups, before anything is written", async () => {
    const matrix = createHostParam([4, 4], { path: "fc.weight" });
    expect((await rejectionOf(diracInit({ weight: matrix }))).message).toContain("Only tensors with 3, 4, or 5 dimensions are supported");
    const conv = createHostParam([6, 2, 3, 3], { path: "conv.weight" });
    const bias = createHostParam([6], { path: "conv.bias" });
    const error = await rejectionOf(diracInit({ weight: conv, bias }, { groups: 4 }));
    expect(error.code).toBe("INITLIB_BAD_SHAPE");
    expect(error.message).toContain("dim 0 must be divisible by groups");
    expect([matrix.history, conv.history, bias.history]).toEqual([[], [], []]);
    expect(errorOf(() => buildInitializer({ type: "Dirac", groups: 1.5 }, "initCfg[0]")).path).toBe("initCfg[0].groups");
    expect(errorOf(() => buildInitializer({ type: "Dirac", groups: 0 }, "initCfg[0]")).path).toBe("initCfg[0].groups");
  });

  it("Eye: the identity of a 2-D weight, in the declared layout; anything else refused", async () => {
    const wide = createHostParam([3, 5], { path: "fc.weight" });
    await eyeInit({ weight: wide });
    expect(ones(wide)).toEqual([0, 6, 12]);
    const tall = createHostParam([5, 3], { path: "fc2.weight" });
    await eyeInit({ weight: tall });
    expect(ones(tall)).toEqual([0, 4, 8]);
    const dense = createHostParam([5, 3], { path: "dense.kernel", layout: "IO" });
    await eyeInit({ weight: dense });
    expect(ones(dense)).toEqual([0, 4, 8]);
    const conv = createHostParam([2, 2, 1, 1], { path: "conv.weight" });
    expect((await rejectionOf(eyeInit({ weight: conv }))).code).toBe("INITLIB_BAD_SHAPE");
    expect(conv.history).toEqual([]);
  });

  it("Zeros and Ones fill every element, bias as given", async () => {
    const weight = createHostParam([4, 3], { path: "fc.weight" });
    const bias = createHostParam([4], { path: "fc.bias" });
    await onesInit({ weight, bias }, { bias: 2 });
    expect([...weight.data]).toEqual(new Array(12).fill(1));
    expect([...bias.data]).toEqual([2, 2, 2, 2]);
    await zerosInit({ weight, bias });
    expect([...weight.data, ...bias.data]).toEqual(new Array(16).fill(0));
    expect(buildInitializer({ type: "Ones", layer: "Linear" }).info).toBe("OnesInit: bias=0");
  });
});

describe("Sparse (torch sparse_)", () => {
  it("zeros exactly ceil(sparsity · rows) entries per column; the others are Normal's values for the same key", async () => {
    const [rows, columns] = [10, 400];
    const weight = createHostParam([rows, columns], { path: "fc.weight", seed: 2 });
    await sparseInit({ weight }, { sparsity: 0.25, std: 0.5 });
    const normals = new Float32Array(rows * columns);
    generateRuleValues({ kind: "normal", mean: 0, std: 0.5 }, { seed: 2, path: "fc.weight" }, 0, normals);
    const zerosPerRow = new Array<number>(rows).fill(0);
    for (let column = 0; column < columns; column += 1) {
      let zeros = 0;
      for (let row = 0; row < rows; row += 1) {
        const value = weight.data[row * columns + column]!;
        if (value === 0) {
          zeros += 1;
          zerosPerRow[row]! += 1;
        } else expect(value).toBe(normals[row * columns + column]);
      }
      expect(zeros).toBe(3); // ceil(0.25 · 10)
    }
    // Each row is chosen with probability 3/10: 120 of 400 columns expected, binomial sd ≈ 9.2.
    for (const count of zerosPerRow) expect(Math.abs(count - 120)).toBeLessThan(5 * 9.2);
  });

  it("refuses sparsity outside [0, 1) and non-2-D weights, before anything is written", async () => {
    for (const sparsity of [1, -0.1, 1.5]) {
      const error = errorOf(() => buildInitializer({ type: "Sparse", sparsity }, "initCfg[0]"));
      expect([error.code, error.path]).toEqual(["INITLIB_BAD_ARGUMENT", "initCfg[0].sparsity"]);
    }
    expect(errorOf(() => buildInitializer({ type: "Sparse" } as never, "initCfg[0]")).path).toBe("initCfg[0].sparsity");
    const conv = createHostParam([4, 2, 3, 3], { path: "conv.weight" });
    expect((await rejectionOf(sparseInit({ weight: conv }, { sparsity: 0.5 }))).code).toBe("INITLIB_BAD_SHAPE");
    expect(conv.history).toEqual([]);
  });
});
