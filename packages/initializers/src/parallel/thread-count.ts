import { nodeAvailableParallelism } from "#node-threads";
import { InitlibError } from "@initlib/registry";

/** The most threads a `threads` option accepts (a guard against typos such as 8000). */
export const MAX_THREADS = 256;

interface RuntimeGlobals {
  navigator?: { hardwareConcurrency?: number };
  process?: { env?: Record<string, string | undefined>; versions?: { node?: string } };
}

let nodeParallelism: number | undefined;

/** Loads Node's core count once (`os.availableParallelism()`), before the first parallel fill. */
export async function loadAvailableParallelism(): Promise<void> {
  const runtime = globalThis as unknown as RuntimeGlobals;
  if (nodeParallelism !== undefined || typeof runtime.process?.versions?.node !== "string") return;
  try {
    nodeParallelism = await nodeAvailableParallelism();
  } catch {
    nodeParallelism = 1;
  }
}

function checkThreads(value: unknown, path: string, received: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_THREADS) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "the thread count must be a whole number of threads", {
      path,
      received,
      expected: `an integer from 1 to ${MAX_THREADS} (1: the calling thread only)`,
      hint: "leave it out to use every available core",
    });
  }
  return value;
}

/**
 * The threads host generation uses when no `threads` option is given: `INITLIB_THREADS` when set
 * (Node), else the available cores (`os.availableParallelism()` in Node, once
 * {@link loadAvailableParallelism} ran; `navigator.hardwareConcurrency` in browsers), else 1.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` when `INITLIB_THREADS` is not an integer from 1 to 256.
 * @example
 * defaultThreadCount(); // 8 on an 8-core machine
 */
export function defaultThreadCount(): number {
  const runtime = globalThis as unknown as RuntimeGlobals;
  const variable = runtime.process?.env?.INITLIB_THREADS;
  if (variable !== undefined && variable.trim() !== "") {
    return checkThreads(/^\s*\d+\s*$/.test(variable) ? Number(variable) : Number.NaN, "INITLIB_THREADS", variable);
  }
  if (nodeParallelism !== undefined) return Math.min(nodeParallelism, MAX_THREADS);
  const cores = runtime.navigator?.hardwareConcurrency;
  return typeof cores === "number" && Number.isInteger(cores) && cores >= 1 ? Math.min(cores, MAX_THREADS) : 1;
}

/**
 * The `threads` option checked, or its default ({@link defaultThreadCount}) when left out.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` naming `path` when it is not an integer from 1 to 256.
 * @example
 * resolveThreadCount(2, "options.threads"); // 2
 */
export function resolveThreadCount(threads: number | undefined, path: string): number {
  return threads === undefined ? defaultThreadCount() : checkThreads(threads, path, threads);
}
