import { RANDOM_WASM_BASE64 } from "./generated/random-wasm";
import type { PreparedRule } from "./prepared-rule";
import { buildQuantileTable, QUANTILE_SEGMENTS } from "./quantile-table";
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
// Below this interval mass the float32 probabilities of the truncated normal would underflow; such
// far-tail truncations go through the float64 reference generator.
const SMALLEST_FLOAT32_TRUNCATION_MASS = 1e-30;

let compiled: WasmModule | null | undefined;
let exports: RandomModuleExports | null | undefined;

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
  new Float32Array(exports.memory.buffer, exports.quantileTablePointer(), QUANTILE_SEGMENTS * 4).set(buildQuantileTable());
  return exports;
}

function loadSynchronously(): RandomModuleExports | null {
  if (exports !== undefined) return exports;
  try {
    // Throws where SIMD is unsupported, and on browser main threads that forbid synchronous
    // compilation of modules this size (call loadWebAssemblyGenerator() first there).
    if (!wasmApi) throw new Error("no WebAssembly");
    const module = compiled ?? new wasmApi.Module(decodeBase64(RANDOM_WASM_BASE64));
    compiled = module;
    exports = instantiate(wasmApi, module);
  } catch {
    compiled = null;
    exports = null;
  }
  return exports;
}

/**
 * Compiles the WebAssembly SIMD generator asynchronously (needed on browser main threads, which
 * refuse synchronous compilation of larger modules) and reports whether it is usable. In Node the
 * generator also loads on first use without this call.
 * @example
 * await loadWebAssemblyGenerator(); // true on Node 20 and current browsers
 */
export async function loadWebAssemblyGenerator(): Promise<boolean> {
  if (exports) return true;
  try {
    if (!wasmApi) throw new Error("no WebAssembly");
    const module = await wasmApi.compile(decodeBase64(RANDOM_WASM_BASE64));
    compiled = module;
    exports = instantiate(wasmApi, module);
    return true;
  } catch {
    exports = null;
    return false;
  }
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
