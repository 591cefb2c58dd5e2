import { describe, expect, it } from "vitest";
import { formatPythonValue } from "./format-python-value";

describe("formatPythonValue", () => {
  it.each([
    [1, "1"],
    [0, "0"],
    [-3, "-3"],
    [-0, "-0.0"],
    [0.5, "0.5"],
    [0.1, "0.1"],
    [0.0001, "0.0001"],
    [1e-5, "1e-05"],
    [2.5e-7, "2.5e-07"],
    [-1.5e-12, "-1.5e-12"],
    [1e-100, "1e-100"],
    [123.456, "123.456"],
    [1e16, "1e+16"],
    [1.2345678901234568e17, "1.2345678901234568e+17"],
    [1e300, "1e+300"],
    [1234567.5, "1234567.5"],
    [9.1e15 + 0.5, "9100000000000000.0"],
    [1e15 + 0.5, "1000000000000000.5"],
    [-4.59511985013459, "-4.59511985013459"],
    [0.10000000149011612, "0.10000000149011612"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [Number.NaN, "nan"],
  ])("prints %s as Python's str() does: %s", (value, expected) => {
    expect(formatPythonValue(value)).toBe(expected);
  });

  it("prints booleans, None, strings, lists and dicts like Python", () => {
    expect(formatPythonValue(true)).toBe("True");
    expect(formatPythonValue(false)).toBe("False");
    expect(formatPythonValue(null)).toBe("None");
    expect(formatPythonValue(undefined)).toBe("None");
    expect(formatPythonValue("fan_out")).toBe("fan_out");
    expect(formatPythonValue(["Conv2d", "Linear"])).toBe("['Conv2d', 'Linear']");
    expect(formatPythonValue({ type: "Constant", val: 1e-5, flag: true })).toBe("{'type': 'Constant', 'val': 1e-05, 'flag': True}");
    expect(formatPythonValue(["it's"])).toBe(`["it's"]`);
  });
});
