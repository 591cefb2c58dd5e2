import { describe, expect, it } from "vitest";
import { errorOf } from "../../error-of";
import { createHostParam } from "../../host-param";
import { buildInitializer } from "../../weight-initializers/build-initializer";
import { zerOInit, zerOMatrix } from "./zero-hadamard";

describe("ZerO (Zhao, Schäfer & Anandkumar, 2022, Algorithm 1)", () => {
  it("out = in: the identity", () => {
    expect(Array.from(zerOMatrix(3, 3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("out < in: the partial identity I*", () => {
    expect(Array.from(zerOMatrix(2, 4))).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
  });

  it("out = 4 > in = 2: c·H₂ cut to 4×2, m = 2, c = 2^(-1/2)", () => {
    const c = Math.fround(Math.SQRT1_2);
    expect(Array.from(zerOMatrix(4, 2))).toEqual([c, c, c, -c, c, c, c, -c]);
  });

  it("out = 5 > in = 3: m = ⌈log₂ 5⌉ = 3, c = 2^(-1) and the Sylvester signs (-1)^popcount(i&j)", () => {
    const expected = [
      [1, 1, 1],
      [1, -1, 1],
      [1, 1, -1],
      [1, -1, -1],
      [1, 1, 1],
    ].flat().map((sign) => sign * 0.5);
    expect(Array.from(zerOMatrix(5, 3))).toEqual(expected);
  });

  it("the columns of an expanding layer are orthogonal: MᵀM = c²·2^m·I for out = 2^m", () => {
    const [outputs, inputs] = [16, 6];
    const matrix = zerOMatrix(outputs, inputs);
    for (let i = 0; i < inputs; i += 1) {
      for (let j = 0; j < inputs; j += 1) {
        let dot = 0;
        for (let row = 0; row < outputs; row += 1) dot += matrix[row * inputs + i]! * matrix[row * inputs + j]!;
        expect(dot).toBeCloseTo(i === j ? 2 : 0, 6);
      }
    }
  });

  it("a conv kernel gets the matrix at the centre tap, zeros elsewhere; a tfjs HWIO kernel the same values in its layout", async () => {
    const weight = createHostParam([2, 2, 3, 3]);
    const bias = createHostParam([2]);
    await zerOInit({ weight, bias }, { bias: 0.5 });
    const expected = new Float32Array(36);
    expected[4] = 1;
    expected[3 * 9 + 4] = 1;
    expect(Array.from(weight.data)).toEqual(Array.from(expected));
    expect(Array.from(bias.data)).toEqual([0.5, 0.5]);
    const kernel = createHostParam([3, 3, 2, 4], { layout: "HWIO" });
    await zerOInit({ weight: kernel });
    const matrix = zerOMatrix(4, 2);
    for (let h = 0; h < 3; h += 1) {
      for (let w = 0; w < 3; w += 1) {
        for (let i = 0; i < 2; i += 1) {
          for (let o = 0; o < 4; o += 1) {
            const value = kernel.data[((h * 3 + w) * 2 + i) * 4 + o];
            expect(value).toBe(h === 1 && w === 1 ? matrix[o * 2 + i] : 0);
          }
        }
      }
    }
  });

  it("is registered as ZerO and rejects rank-1 weights at plan time", async () => {
    expect(buildInitializer({ type: "ZerO", layer: "Linear" }).info).toBe("ZerOInit: bias=0");
    await expect(zerOInit({ weight: createHostParam([4]) })).rejects.toMatchObject({ code: "INITLIB_BAD_SHAPE" });
    expect(errorOf(() => buildInitializer({ type: "ZerO", gain: 2 } as never)).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});
