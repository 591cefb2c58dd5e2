import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { functionCases } from "../../test/reference-cases";
import { calculateGain, NONLINEARITIES } from "./calculate-gain";

describe("calculateGain", () => {
  it.each(functionCases.calculate_gain.filter((entry) => entry.gain !== undefined))(
    "matches torch for $nonlinearity with param $param",
    ({ nonlinearity, param, gain }) => {
      expect(calculateGain(nonlinearity, param as number | null)).toBe(gain);
    },
  );

  it.each(functionCases.calculate_gain.filter((entry) => entry.exception !== undefined))(
    "raises torch's error for $nonlinearity with param $param",
    ({ nonlinearity, param, exception }) => {
      let caught: unknown;
      try {
        calculateGain(nonlinearity, param as number | null);
      } catch (error) {
        caught = error;
      }
      expect(InitlibError.isInstance(caught)).toBe(true);
      const error = caught as InitlibError;
      expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect(error.message.split("\n")[0]).toBe(exception!.message);
    },
  );

  it("knows every torch nonlinearity, selu included", () => {
    expect(NONLINEARITIES).toContain("selu");
    for (const name of NONLINEARITIES) expect(Number.isFinite(calculateGain(name))).toBe(true);
  });

  it("uses slope 0.01 for leaky_relu without param and ignores param for relu", () => {
    expect(calculateGain("leaky_relu")).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain("relu", 3)).toBe(Math.SQRT2);
  });
});
