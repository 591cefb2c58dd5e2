import { InitlibError } from "@initlib/registry";
import type { RandomKey } from "../random-key";
import { generateWithJavaScript } from "./javascript-generator";
import { prepareRule, type GeneratedRule } from "./prepared-rule";
import { randomKeyWords } from "./random-key-words";
import { warnJavaScriptFallbackOnce } from "./javascript-fallback-warning";
import { generateWithWebAssembly, webAssemblyGeneratorAvailable, webAssemblyHandles, webAssemblyUnavailableReason } from "./webassembly-generator";

/**
 * Which implementation of docs/rng.md produces the values: `webassembly` (SIMD, the fast path),
 * `javascript` (the pure-JavaScript generator: the same uniform and truncated-normal bits, normals
 * within a few float32 ulps), or `auto` (WebAssembly when the runtime can load it).
 */
export type RandomEngine = "auto" | "webassembly" | "javascript";

/** Options of {@link generateRuleValues}. */
export interface GenerateRuleValuesOptions {
  /** @default "auto" */
  readonly engine?: RandomEngine;
}

/**
 * The engine `auto` resolves to in this runtime. Where the WebAssembly module cannot load, `auto`
 * runs the JavaScript generator and says so once (`console.warn`, with the reason).
 * @example
 * resolveRandomEngine("auto"); // "webassembly" on Node 20 and current browsers
 */
export function resolveRandomEngine(engine: RandomEngine = "auto"): "webassembly" | "javascript" {
  if (engine === "javascript") return "javascript";
  if (engine === "webassembly") {
    if (!webAssemblyGeneratorAvailable()) {
      const reason = webAssemblyUnavailableReason() ?? "it is still compiling in the background; try again in a moment";
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", `this runtime cannot run initlib's WebAssembly SIMD generator (${reason})`, {
        path: "engine",
        received: engine,
        expected: "a runtime with WebAssembly SIMD (Node >= 16.4, current browsers)",
        hint: 'use engine "auto" or "javascript", which give the same uniform and truncated-normal bits',
      });
    }
    return "webassembly";
  }
  if (engine !== "auto") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "unknown random engine", {
      path: "engine",
      received: engine,
      expected: '"auto", "webassembly" or "javascript"',
      hint: 'leave it out to get "auto"',
    });
  }
  if (webAssemblyGeneratorAvailable()) return "webassembly";
  const reason = webAssemblyUnavailableReason();
  // No reason yet: a background compilation is under way, and the JavaScript generator stands in.
  if (reason !== undefined) warnJavaScriptFallbackOnce(reason);
  return "javascript";
}

/**
 * Fills `out` with elements `[start, start + out.length)` (row-major flat indices) of the parameter
 * that `rule` and `key` describe, following docs/rng.md: the values depend only on (seed, path,
 * element index), so any chunking of a parameter gives the same array. Memory use is bounded by a
 * fixed scratch buffer, whatever the parameter size.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for a bad seed, rule or `start`.
 * @example
 * const out = new Float32Array(1024);
 * generateRuleValues({ kind: "normal", mean: 0, std: 0.02 }, { seed: 0, path: "fc.weight" }, 0, out);
 */
export function generateRuleValues(
  rule: GeneratedRule,
  key: RandomKey,
  start: number,
  out: Float32Array,
  options: GenerateRuleValuesOptions = {},
): void {
  if (!(out instanceof Float32Array)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "generateRuleValues writes into a Float32Array", {
      path: "out",
      received: out,
      expected: "a Float32Array",
      hint: "allocate the output with new Float32Array(length)",
    });
  }
  if (!Number.isInteger(start) || start < 0 || start + out.length > Number.MAX_SAFE_INTEGER) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "start must be a non-negative integer element index", {
      path: "start",
      received: start,
      expected: "an integer in [0, 2^53 − out.length]",
      hint: "pass the flat row-major index of the first element to generate",
    });
  }
  const prepared = prepareRule(rule);
  const engine = resolveRandomEngine(options.engine);
  if (prepared.kind === "constant") {
    out.fill(prepared.value);
    return;
  }
  const words = randomKeyWords(key);
  if (engine === "webassembly" && webAssemblyHandles(prepared)) generateWithWebAssembly(prepared, words, start, out);
  else generateWithJavaScript(prepared, words, start, out);
}
