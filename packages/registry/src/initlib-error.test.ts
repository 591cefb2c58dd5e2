import { describe, expect, it } from "vitest";
import { InitlibError } from "./initlib-error";

describe("InitlibError", () => {
  it("renders path, received value, expectation and fix into the message", () => {
    const error = new InitlibError("INITLIB_BAD_ARGUMENT", "std must be non-negative", {
      path: "initCfg[0].std",
      received: -1,
      expected: "a finite number >= 0",
      hint: "use a positive std",
    });
    expect(error.message).toBe(
      "initCfg[0].std: std must be non-negative\n  received: -1\n  expected: a finite number >= 0\n  fix: use a positive std",
    );
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
  });

  it("is recognised across copies by its marker, not by instanceof", () => {
    const error = new InitlibError("INITLIB_UNKNOWN_TYPE", "x");
    expect(InitlibError.isInstance(error)).toBe(true);
    expect(InitlibError.isInstance(new Error("x"))).toBe(false);
    expect(InitlibError.isInstance({ code: "INITLIB_UNKNOWN_TYPE" })).toBe(false);
  });

  it("keeps the wrapped cause", () => {
    const cause = new TypeError("inner");
    expect(new InitlibError("INITLIB_BUILD_FAILED", "outer", { cause }).cause).toBe(cause);
  });
});
