import { buildInitializer, type InitCfg, WEIGHT_INITIALIZERS } from "@initlib/initializers";
import { describe, expect, it } from "vitest";
import { OrthogonalInit } from "./example-package/index";
import { container, conv2d, linear } from "./fake-module";

function gram(values: Float32Array, rows: number, columns: number, ofRows: boolean): number[][] {
  const size = ofRows ? rows : columns;
  const result = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let a = 0; a < size; a += 1) {
    for (let b = 0; b < size; b += 1) {
      let dot = 0;
      const length = ofRows ? columns : rows;
      for (let k = 0; k < length; k += 1) {
        dot += ofRows ? values[a * columns + k]! * values[b * columns + k]! : values[k * columns + a]! * values[k * columns + b]!;
      }
      result[a]![b] = dot;
    }
  }
  return result;
}

function expectScaledIdentity(matrix: number[][], scale: number): void {
  matrix.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? scale : 0, 4)));
}

describe("a third-party initializer registered as acme.Orthogonal", () => {
  it("is registered and built from a typed initCfg entry", () => {
    expect(WEIGHT_INITIALIZERS.get("acme.Orthogonal")).toBe(OrthogonalInit);
    const initCfg: InitCfg = [{ type: "acme.Orthogonal", gain: 2, layer: ["Linear", "Conv2d"] }];
    const initializer = buildInitializer(initCfg[0]!, "initCfg[0]");
    expect(initializer).toBeInstanceOf(OrthogonalInit);
    expect(initializer.info).toBe("OrthogonalInit: gain=2, bias=0");
  });

  it("writes (semi-)orthogonal weights end to end, tall and wide", async () => {
    const tall = linear(4, 16);
    const wide = conv2d(3, 4, 2);
    const model = container("Model", [["fc", tall], ["conv", wide]]);
    const initializer = buildInitializer({ type: "acme.Orthogonal", gain: 2, bias: 0.5, layer: ["Linear", "Conv2d"] });
    const plan = await initializer.plan(model);
    const params = [tall.weight!, tall.bias!, wide.weight!, wide.bias!];
    expect(plan.writes.map((write) => write.tensor)).toEqual([tall.weight, tall.bias, wide.weight, wide.bias]);
    for (const write of plan.writes) await params.find((param) => param === write.tensor)!.assign(write.rule, write.info);
    // Linear(4→16): weight 16×4, columns orthonormal: WᵀW = gain²·I.
    expectScaledIdentity(gram(tall.weight!.data, 16, 4, false), 4);
    // Conv2d(3→4, k2): weight flattened 4×12, rows orthonormal: WWᵀ = gain²·I.
    expectScaledIdentity(gram(wide.weight!.data, 4, 12, true), 4);
    expect(tall.bias!.data.every((value) => value === 0.5)).toBe(true);
    expect(tall.weight!.info).toBe("OrthogonalInit: gain=2, bias=0.5");
    // Two weights of one plan draw different matrices.
    expect(tall.weight!.data.slice(0, 4)).not.toEqual(wide.weight!.data.slice(0, 4));
  });

  it("validates its arguments like the built-ins", () => {
    expect(() => buildInitializer({ type: "acme.Orthogonal", gian: 1 } as never, "initCfg[0]")).toThrow(/initCfg\[0\]\.gian[\s\S]*did you mean 'gain'/);
  });
});
