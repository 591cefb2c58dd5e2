import { afterEach, describe, expect, it, vi } from "vitest";
import { generateRuleValues as generateWithWebAssemblyLoaded } from "./generate-rule-values";

// Each case imports the generator afresh (vi.resetModules) so that the module state (loaded or
// failed WebAssembly, the warning already given) starts empty.
async function freshGenerator() {
  vi.resetModules();
  return import("./generate-rule-values");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("without WebAssembly", () => {
  it("INITLIB_DISABLE_WASM=1: auto runs the JavaScript generator, says why once, and gives the module's bits", async () => {
    const rule = { kind: "truncNormal", mean: 0, std: 0.02, low: -0.04, high: 0.04 } as const;
    const wasm = new Float32Array(1_001);
    generateWithWebAssemblyLoaded(rule, { seed: 1, path: "a.weight" }, 3, wasm, { engine: "webassembly" });
    vi.stubEnv("INITLIB_DISABLE_WASM", "1");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { generateRuleValues, resolveRandomEngine } = await freshGenerator();
    const fallback = new Float32Array(1_001);
    generateRuleValues(rule, { seed: 1, path: "a.weight" }, 3, fallback);
    generateRuleValues(rule, { seed: 1, path: "b.weight" }, 0, new Float32Array(10));
    expect(resolveRandomEngine("auto")).toBe("javascript");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/cannot load here \(disabled by INITLIB_DISABLE_WASM=1\).*pure-JavaScript/);
    expect(fallback).toEqual(wasm);
  });

  it("INITLIB_DISABLE_WASM=1: engine webassembly is refused with a coded error naming the reason to switch", async () => {
    vi.stubEnv("INITLIB_DISABLE_WASM", "1");
    const { resolveRandomEngine } = await freshGenerator();
    expect(() => resolveRandomEngine("webassembly")).toThrow(
      expect.objectContaining({ code: "INITLIB_MISSING_CAPABILITY", message: expect.stringContaining("INITLIB_DISABLE_WASM=1") }),
    );
  });

  it("an explicit engine javascript is a choice, not a fallback: no warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { generateRuleValues } = await freshGenerator();
    generateRuleValues({ kind: "normal", mean: 0, std: 1 }, { seed: 1, path: "w" }, 0, new Float32Array(8), { engine: "javascript" });
    expect(warn).not.toHaveBeenCalled();
  });

  it("where synchronous compilation is refused (browser main threads), the module compiles in the background and auto switches to it", async () => {
    const api = (globalThis as unknown as { WebAssembly: { Module: () => unknown } }).WebAssembly;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // A function, not an arrow: the generator calls it with `new`.
    vi.spyOn(api, "Module").mockImplementation(function refuse() {
      throw new RangeError("WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB");
    });
    vi.resetModules();
    const { resolveRandomEngine } = await import("./generate-rule-values");
    const { loadWebAssemblyGenerator, webAssemblyUnavailableReason } = await import("./webassembly-generator");
    expect(resolveRandomEngine("auto")).toBe("javascript");
    expect(webAssemblyUnavailableReason()).toBeUndefined(); // not a failure: compiling
    expect(await loadWebAssemblyGenerator()).toBe(true);
    expect(resolveRandomEngine("auto")).toBe("webassembly");
    expect(warn).not.toHaveBeenCalled();
  });

  it("with WebAssembly available, auto uses it silently", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { resolveRandomEngine } = await freshGenerator();
    expect(resolveRandomEngine("auto")).toBe("webassembly");
    expect(warn).not.toHaveBeenCalled();
  });
});
