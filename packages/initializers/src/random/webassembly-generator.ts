import { RANDOM_WASM_BASE64 } from "./generated/random-wasm";
import { SMALLEST_FLOAT32_TRUNCATION_MASS, type PreparedRule } from "./prepared-rule";
import { QUANTILE_SEGMENTS, sharedQuantileTable } from "./quantile-table";
import type { RandomKeyWords } from "./random-key-words";

// The package compiles against ES2023 without DOM typings, so the few WebAssembly APIs used here are
// described locally.
/** A compiled WebAssembly module (typed locally: the package compiles without DOM typings). */
export interface WasmModule {
  readonly kind?: "module";
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface RandomModuleExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  outputPointer(): number;
  quantileTablePointer(): number;
  chunkBlocks(): number;
  setKey(key0: number, key1: number, path0: number, path1: number): void;
  setParameters(mean: number, std: number, low: number, high: number, width: number, lowerOffset: number, upperOffset: number, step: number): void;
  uniform(blockLow: number, blockHigh: number, groups: number): void;
  normal(blockLow: number, blockHigh: number, groups: number): void;
  truncNormal(blockLow: number, blockHigh: number, groups: number): void;
}

const TWO_POW_32 = 2 ** 32;

let compiled: WasmModule | null | undefined;
let exports: RandomModuleExports | null | undefined;
/** Why the module cannot run here, once that is known for good. */
let failure: string | undefined;
/** The asynchronous compilation under way (loadWebAssemblyGenerator). */
let pending: Promise<boolean> | undefined;
/** Whether this thread refused to compile the module synchronously (browser main threads). */
let synchronousRefused = false;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(api: WasmApi, module: WasmModule): RandomModuleExports {
  const instance = new api.Instance(module, {
    env: {
      abort: () => {
        throw new Error("initlib random WebAssembly module aborted");
      },
    },
  });
  const exports = instance.exports as unknown as RandomModuleExports;
  new Float32Array(exports.memory.buffer, exports.quantileTablePointer(), QUANTILE_SEGMENTS * 4).set(sharedQuantileTable());
  return exports;
}

/** `INITLIB_DISABLE_WASM=1` in the environment (Node, Deno, Bun) turns the module off: for tests and benchmarks of the fallback. */
function disabledByEnvironment(): boolean {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return environment?.INITLIB_DISABLE_WASM === "1";
}

function fail(reason: string): null {
  compiled = null;
  exports = null;
  failure = reason;
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function loadSynchronously(): RandomModuleExports | null {
  if (exports !== undefined) return exports;
  if (synchronousRefused) return null;
  if (disabledByEnvironment()) return fail("disabled by INITLIB_DISABLE_WASM=1");
  if (!wasmApi) return fail("this runtime has no WebAssembly");
  try {
    const module = compiled ?? new wasmApi.Module(decodeBase64(RANDOM_WASM_BASE64));
    compiled = module;
    exports = instantiate(wasmApi, module);
    return exports;
  } catch (error) {
    // Browser main threads may refuse to compile a module this size synchronously (a RangeError):
    // compile it in the background and use the JavaScript generator, which gives the same uniform
    // and truncated-normal bits, until it is ready. Other errors (no SIMD, a Content-Security-Policy
    // without 'wasm-unsafe-eval') are final.
    if (error instanceof RangeError && typeof wasmApi.compile === "function") {
      synchronousRefused = true;
      void loadWebAssemblyGenerator();
      return null;
    }
    return fail(describe(error));
  }
}

/**
 * Compiles the WebAssembly SIMD generator asynchronously and reports whether it is usable. Never
 * required: the generator loads on first use wherever synchronous compilation is allowed (Node,
 * Web Workers) and compiles in the background where it is not (browser main threads, meanwhile the
 * JavaScript generator runs); awaiting this first makes every call use WebAssembly.
 * @example
 * await loadWebAssemblyGenerator(); // true on Node 20 and current browsers
 */
export function loadWebAssemblyGenerator(): Promise<boolean> {
  if (exports) return Promise.resolve(true);
  if (exports === null) return Promise.resolve(false);
  pending ??= (async () => {
    try {
      if (disabledByEnvironment()) throw new Error("disabled by INITLIB_DISABLE_WASM=1");
      if (!wasmApi) throw new Error("this runtime has no WebAssembly");
      const module = await wasmApi.compile(decodeBase64(RANDOM_WASM_BASE64));
      // A synchronous load may have finished first: keep that instance.
      if (!exports) {
        compiled = module;
        exports = instantiate(wasmApi, module);
      }
      return true;
    } catch (error) {
      if (exports) return true;
      fail(describe(error));
      return false;
    }
  })();
  return pending;
}

/**
 * Why the WebAssembly generator cannot run in this runtime (no WebAssembly or SIMD, a
 * Content-Security-Policy without `'wasm-unsafe-eval'`, `INITLIB_DISABLE_WASM=1`), or `undefined`
 * while it can or may still load.
 * @example
 * webAssemblyUnavailableReason(); // undefined on Node 20
 */
export function webAssemblyUnavailableReason(): string | undefined {
  loadSynchronously();
  return failure;
}

/**
 * Whether the WebAssembly SIMD generator can run here (compiling it on first call).
 * @example
 * webAssemblyGeneratorAvailable(); // true on Node 20
 */
export function webAssemblyGeneratorAvailable(): boolean {
  return loadSynchronously() !== null;
}

/**
 * The WebAssembly SIMD generator: elements `[start, start + out.length)` in chunks of at most 4096
 * Philox blocks (16384 values) produced in the module's fixed scratch buffer and copied out, so
 * memory does not grow with the parameter. Throws if the module is unavailable (check
 * {@link webAssemblyGeneratorAvailable} first).
 * @example
 * generateWithWebAssembly(prepareRule({ kind: "uniform", low: 0, high: 1 }), randomKeyWords(key), 0, out);
 */
export function generateWithWebAssembly(rule: PreparedRule, words: RandomKeyWords, start: number, out: Float32Array): void {
  if (rule.kind === "constant") {
    out.fill(rule.value);
    return;
  }
  const module = loadSynchronously();
  if (!module) throw new Error("initlib's WebAssembly SIMD generator is not available in this runtime");
  if (rule.kind === "truncNormal" && rule.width < SMALLEST_FLOAT32_TRUNCATION_MASS) {
    throw new RangeError("truncation too far in the tail for the float32 generator");
  }
  const call = webAssemblyCallOf(rule);
  module.setKey(words.key0, words.key1, words.path0, words.path1);
  module.setParameters(...call.parameters);
  const chunkBlocks = module.chunkBlocks();
  const pointer = module.outputPointer();
  const count = out.length;
  let produced = 0;
  while (produced < count) {
    const element = start + produced;
    const block = Math.floor(element / 4);
    const skip = element - block * 4;
    const blockLow = block % TWO_POW_32;
    const blockHigh = Math.floor(block / TWO_POW_32);
    // A call never crosses a multiple of 2^32 blocks: the module keeps counter word 1 fixed.
    const blocks = Math.min(chunkBlocks, Math.ceil((skip + count - produced) / 4), TWO_POW_32 - blockLow);
    // The module runs 8 blocks per iteration: `groups` (sets of 4 blocks) is even.
    const groups = 2 * Math.ceil(blocks / 8);
    module[call.operation](blockLow, blockHigh, groups);
    const take = Math.min(blocks * 4 - skip, count - produced);
    out.set(new Float32Array(module.memory.buffer, pointer + skip * 4, take), produced);
    produced += take;
  }
}

/** One generator call of the WebAssembly module: the entry point and its `setParameters` arguments. */
export interface WebAssemblyCall {
  readonly operation: "uniform" | "normal" | "truncNormal";
  readonly parameters: readonly [number, number, number, number, number, number, number, number];
}

/**
 * The module entry and `setParameters` arguments of a random prepared rule: what the calling thread
 * and the worker threads (src/parallel) pass to the same module, so both produce the same bits.
 * @example
 * webAssemblyCallOf(prepareRule({ kind: "normal", mean: 0, std: 1 })); // { operation: "normal", parameters: [0, 1, 0, 0, 0, 0, 0, 0] }
 */
export function webAssemblyCallOf(rule: Exclude<PreparedRule, { kind: "constant" }>): WebAssemblyCall {
  if (rule.kind === "uniform") return { operation: "uniform", parameters: [0, 0, rule.low, 0, rule.width, 0, 0, 0] };
  if (rule.kind === "normal") return { operation: "normal", parameters: [rule.mean, rule.std, 0, 0, 0, 0, 0, 0] };
  // p = Φ(α) + width·(k + 0.5)·2^-24 and q = (1 − Φ(β)) + width·(2^24 − k − 0.5)·2^-24, with the
  // constant parts folded in float64: p = lowerOffset + step·k, q = upperOffset + step·(2^24 − k).
  const step = rule.width * 2 ** -24;
  return {
    operation: "truncNormal",
    parameters: [rule.mean, rule.std, rule.low, rule.high, rule.width, rule.lowerMass + step / 2, rule.upperMass - step / 2, step],
  };
}

/**
 * The compiled generator module (compiling it on first call), or `null` where WebAssembly SIMD is
 * unavailable: worker threads instantiate it from this, so nothing is compiled twice and no worker
 * needs a TypeScript loader.
 */
export function compiledWebAssemblyGenerator(): WasmModule | null {
  return loadSynchronously() === null ? null : (compiled ?? null);
}

/** Whether {@link generateWithWebAssembly} handles this prepared rule (far-tail truncations excepted). */
export function webAssemblyHandles(rule: PreparedRule): boolean {
  return rule.kind !== "truncNormal" || rule.width >= SMALLEST_FLOAT32_TRUNCATION_MASS;
}
