import { describe, expect, it } from "vitest";
import { jsonErrorLocation, locationOf } from "./json-error-location";

/** The location JSON.parse itself reports, when its message has one (V8: "position N"). */
function parserOffset(text: string): number | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    return match ? Number(match[1]) : undefined;
  }
}

describe("jsonErrorLocation", () => {
  it("finds the first bad character, as line and column", () => {
    expect(jsonErrorLocation('{"type": "Xavier",, "layer": "Linear"}')).toEqual({ line: 1, column: 19 });
    expect(jsonErrorLocation('[\n  {"type": "Xavier",\n   "layer": Linear}\n]')).toEqual({ line: 3, column: 13 });
    expect(jsonErrorLocation('{"a": 1')).toEqual({ line: 1, column: 8 });
    expect(jsonErrorLocation('{"a": "x\u0001"}')).toEqual({ line: 1, column: 9 });
    expect(jsonErrorLocation('{"a": 1} x')).toEqual({ line: 1, column: 10 });
    expect(jsonErrorLocation('{"a": -}')).toEqual({ line: 1, column: 7 });
    expect(jsonErrorLocation('{"a": "\\q"}')).toEqual({ line: 1, column: 8 });
  });

  it("is undefined for valid JSON", () => {
    for (const text of ['{"a": [1, 2.5e-3, true, null, "x\\u00e9"]}', " [] ", '"s"', "-0.5"]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(jsonErrorLocation(text)).toBeUndefined();
    }
  });

  it("agrees with the position the parser names, where it names one", () => {
    const broken = ['{"a": 1,}', '[1, 2', '{"a" 1}', '{"a": tru}', '[1,,2]', '{"a": 01}', '{\n"a":\n[1 2]}'];
    let compared = 0;
    for (const text of broken) {
      const offset = parserOffset(text);
      if (offset === undefined) continue;
      compared += 1;
      expect(jsonErrorLocation(text), text).toEqual(locationOf(text, offset));
    }
    expect(compared).toBeGreaterThan(3);
  });
});
