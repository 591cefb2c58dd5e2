import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createHostBackend } from "./host-backend";
import { resolveBackend } from "./resolve-backend";

const errorOf = (action: () => unknown): InitlibError => {
  try {
    action();
  } catch (error) {
    expect(InitlibError.isInstance(error)).toBe(true);
    return error as InitlibError;
  }
  throw new Error("expected an error");
};

describe("resolveBackend", () => {
  it("accepts a backend that meets the contract, and one with the capabilities asked for", () => {
    const host = createHostBackend();
    expect(resolveBackend(host)).toBe(host);
    expect(resolveBackend(host, { needs: ["sample"] })).toBe(host);
  });

  it("names the backend and the spec version it implements when that is not initlib's", () => {
    const error = errorOf(() => resolveBackend({ ...createHostBackend(), name: "old", specVersion: 0 }));
    expect(error.code).toBe("INITLIB_BACKEND_SPEC");
    expect(error.message).toMatch(/old implements Backend spec version 0, not 1/);
  });

  it("lists every missing method, required or asked for", () => {
    const { write: _write, fill: _fill, sample: _sample, ...partial } = createHostBackend();
    const error = errorOf(() => resolveBackend({ ...partial, name: "partial" }, { needs: ["sample"] }));
    expect(error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect(error.message).toContain("partial lacks write(), fill(), sample()");
  });

  it("asks for the run lifecycle like any optional capability, and refuses a hook that is not a method", () => {
    const host = createHostBackend();
    const lacking = errorOf(() => resolveBackend(host, { needs: ["beginRun"] }));
    expect(lacking.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect(lacking.message).toContain("host lacks beginRun()");
    const malformed = errorOf(() => resolveBackend({ ...host, beginRun: true }));
    expect([malformed.code, malformed.path]).toEqual(["INITLIB_BAD_ARGUMENT", "backend.beginRun"]);
    const withRun = { ...host, beginRun: () => ({ commit: () => {}, dispose: () => {} }) };
    expect(resolveBackend(withRun, { needs: ["beginRun"] })).toBe(withRun);
  });

  it("refuses something that is not a backend at all", () => {
    expect(errorOf(() => resolveBackend("cpu")).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});
