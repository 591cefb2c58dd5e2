import { InitlibError } from "@initlib/registry";
import type { Backend } from "./backend";
import type { FillRule } from "./fill-rule";
import { elementCountOfShape } from "./host-backend";
import type { RandomKey } from "./random-key";
import { defaultThreadCount, resolveThreadCount } from "./parallel/thread-count";
import type { RandomEngine } from "./random/generate-rule-values";
import { prepareRule } from "./random/prepared-rule";
import { randomKeyWords } from "./random/random-key-words";

/** Options of {@link writeRule}. */
export interface WriteRuleOptions {
  /**
   * Elements generated on the host per `write` call when the backend has no `sample`.
   * @default 65536 for parameters under 512 Ki elements; larger ones, generated over threads, in one
   * write up to 16 Mi elements (64 MiB), in chunks of 16 Mi beyond
   */
  readonly chunkElements?: number;
  /** Host generator used for that fallback. @default "auto" */
  readonly engine?: RandomEngine;
  /**
   * Threads the host generation of that fallback spreads over, the calling thread included (values
   * do not depend on it; chunks under 512 Ki elements stay on the calling thread).
   * @default `INITLIB_THREADS` when set, else the available cores
   */
  readonly threads?: number;
}

const DEFAULT_CHUNK_ELEMENTS = 65536;

function missingCapability(backend: Backend<unknown>, operation: string, needed: string): InitlibError {
  return new InitlibError("INITLIB_MISSING_CAPABILITY", `backend "${backend.name}" has no ${operation}()`, {
    path: `backend.${operation}`,
    received: typeof (backend as unknown as Record<string, unknown>)[operation],
    expected: `a backend that implements ${operation}() (${needed})`,
    hint: `implement ${operation}(); run @initlib/backend-testkit against the backend to see what is missing`,
  });
}

/**
 * Executes one {@link FillRule} on a backend's storage: the one place with the fallbacks. Random
 * rules use `backend.sample` when present, else host generation in bounded chunks plus `write`;
 * constants use `fill` (else chunked `write`); `values` rules call `load(key)` once, check the length
 * and `write` once. Arguments are checked before anything is written; zero-element parameters are left
 * untouched.
 * @throws InitlibError `INITLIB_MISSING_CAPABILITY` naming the backend and operation,
 * `INITLIB_BAD_ARGUMENT` for bad rules, keys or options, `INITLIB_BAD_SHAPE` for bad shapes or a
 * loaded array of the wrong length.
 * @example
 * await writeRule(createHostBackend(), storage, [64, 3, 3, 3], { kind: "uniform", low: -0.1, high: 0.1 }, { seed: 0, path: "conv.weight" });
 */
export async function writeRule<Storage>(
  backend: Backend<Storage>,
  storage: Storage,
  shape: readonly number[],
  rule: FillRule,
  key: RandomKey,
  options: WriteRuleOptions = {},
): Promise<void> {
  const count = elementCountOfShape(shape);
  const chunkElements = options.chunkElements ?? DEFAULT_CHUNK_ELEMENTS;
  // Checks the option, or INITLIB_THREADS when it is left out, whatever the parameter's size.
  if (options.threads === undefined) defaultThreadCount();
  const threads = options.threads === undefined ? undefined : resolveThreadCount(options.threads, "options.threads");
  if (!Number.isInteger(chunkElements) || chunkElements < 1) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "chunkElements must be a positive integer", {
      path: "options.chunkElements",
      received: chunkElements,
      expected: "an integer >= 1",
      hint: `leave it out for the default of ${DEFAULT_CHUNK_ELEMENTS}`,
    });
  }
  const generic = backend as Backend<unknown>;

  if (rule?.kind === "values") {
    if (typeof rule.load !== "function") {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a values rule needs a load() function", {
        path: "rule.load",
        received: rule.load,
        expected: "a function returning a Promise<Float32Array>",
      });
    }
    if (count === 0) return;
    if (typeof backend.write !== "function") throw missingCapability(generic, "write", "needed to store loaded values");
    const values = await rule.load(key);
    if (!(values instanceof Float32Array) || values.length !== count) {
      throw new InitlibError("INITLIB_BAD_SHAPE", `values from ${rule.source} do not match the parameter`, {
        path: rule.source,
        received: values instanceof Float32Array ? `Float32Array(${values.length})` : values,
        expected: `a Float32Array of ${count} elements (shape [${shape.join(", ")}])`,
        hint: "check that the source tensor has the parameter's shape and was converted to float32",
      });
    }
    await backend.write(storage, values, 0);
    return;
  }

  const prepared = prepareRule(rule);
  if (prepared.kind === "constant") {
    if (count === 0) return;
    if (typeof backend.fill === "function") {
      await backend.fill(storage, prepared.value);
      return;
    }
    if (typeof backend.write !== "function") throw missingCapability(generic, "fill", "or write() to fill a constant in chunks");
    const buffer = new Float32Array(Math.min(chunkElements, count)).fill(prepared.value);
    for (let start = 0; start < count; start += buffer.length) {
      await backend.write(storage, buffer.subarray(0, Math.min(buffer.length, count - start)), start);
    }
    return;
  }

  randomKeyWords(key);
  const randomRule = rule as Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>;
  if (count === 0) return;
  if (typeof backend.sample === "function") {
    await backend.sample(storage, { rule: randomRule, key });
    return;
  }
  if (typeof backend.write !== "function") throw missingCapability(generic, "write", "or sample() to store random values");
  // The generator and the thread pool load on first use: a page whose backend samples (or that
  // writes no random rule) never downloads them.
  const { writeGeneratedChunks } = await import("./write-generated-chunks");
  await writeGeneratedChunks(backend, storage, count, randomRule, key, { chunkElements: options.chunkElements, threads, engine: options.engine });
}

