import { describe, expect, it } from "vitest";
import { InitlibError, joinConfigPath } from "./initlib-error";

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

  it("re-locates an error under a config path, keeping code, details and cause", () => {
    const cause = new RangeError("inner");
    const error = new InitlibError("INITLIB_BAD_ARGUMENT", "mode must be 'fan_in' or 'fan_out'", {
      path: "mode",
      received: "fan",
      expected: "'fan_in' or 'fan_out'",
      cause,
    });
    const prefixed = error.withPathPrefix("initCfg[0]");
    expect(prefixed.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(prefixed.path).toBe("initCfg[0].mode");
    expect(prefixed.summary).toBe(error.summary);
    expect(prefixed.cause).toBe(cause);
    expect(prefixed.message).toBe("initCfg[0].mode: mode must be 'fan_in' or 'fan_out'\n  received: \"fan\"\n  expected: 'fan_in' or 'fan_out'");
    expect(new InitlibError("INITLIB_BAD_CONFIG", "x").withPathPrefix("cfg").message).toBe("cfg: x");
  });
});

describe("joinConfigPath", () => {
  it("joins keys with dots, indices and file prefixes directly", () => {
    expect(joinConfigPath("initCfg[0]", "override.name")).toBe("initCfg[0].override.name");
    expect(joinConfigPath("initCfg", "[1]")).toBe("initCfg[1]");
    expect(joinConfigPath("model.yaml#", "initCfg")).toBe("model.yaml#initCfg");
    expect(joinConfigPath("", "std")).toBe("std");
    expect(joinConfigPath("initCfg", "")).toBe("initCfg");
  });
});
