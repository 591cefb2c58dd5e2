import { describeValue, InitlibError } from "@initlib/registry";

/** Whether `error` says that the module itself could not be found (not that it failed while loading). */
export function isModuleNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? "");
  const named = message.includes(specifier);
  return (
    ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && named) ||
    (named && /cannot find (module|package)|failed to (load|resolve)|could not resolve/i.test(message))
  );
}

/** How {@link loadOptionalModule} reports a peer dependency that does not load. */
export interface OptionalModuleDetails {
  /** The package that loads it, named in the errors. @default "@initlib/backend-tfjs" */
  readonly adapter?: string;
  /** What the package is needed for, e.g. `createTfjsCpuBackend() registers tfjs's CPU backend from it`. */
  readonly needed: string;
  /** How to install it: the error's hint. */
  readonly install: string;
  /** What a working installation looks like (the error's `expected`). @default the package resolvable from the adapter */
  readonly expected?: string;
  /**
   * Recognizes failures that mean a piece beyond the package itself is missing (a native binding, a
   * shared library) and says which, in words; `undefined` for any other failure.
   */
  readonly missingPiece?: (error: unknown) => string | undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : describeValue(error);
  return message.split("\n")[0]!.trim();
}

/**
 * Imports an optional peer dependency through `load` (a literal `import("...")`, so bundlers see it),
 * the one way every tfjs-based adapter loads its peers. "Not installed" (or a piece that
 * `missingPiece` recognizes) becomes `INITLIB_MISSING_CAPABILITY` saying what is missing and how to
 * install it; any other failure while loading becomes `INITLIB_BACKEND_FAILURE`. Both keep the
 * original error as `cause` and its first line as `received`.
 * @example
 * const tf = await loadOptionalModule(() => import("@tensorflow/tfjs-core"), "@tensorflow/tfjs-core", {
 *   needed: "the adapter creates tf.Variables with it",
 *   install: "npm install @tensorflow/tfjs-core@4.22.0",
 * });
 */
export async function loadOptionalModule<T>(load: () => Promise<T>, specifier: string, details: OptionalModuleDetails): Promise<T> {
  const adapter = details.adapter ?? "@initlib/backend-tfjs";
  try {
    return await load();
  } catch (error) {
    const missing = details.missingPiece?.(error) ?? (isModuleNotFound(error, specifier) ? `the package ${specifier} is not installed` : undefined);
    if (missing !== undefined) {
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", `${adapter} cannot load ${specifier} (${missing}); ${details.needed}`, {
        path: specifier,
        received: firstLine(error),
        expected: details.expected ?? `the package ${specifier} resolvable from ${adapter}`,
        hint: details.install,
        cause: error,
      });
    }
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `${adapter}: loading ${specifier} failed`, {
      path: specifier,
      received: firstLine(error),
      hint: "see the cause; reinstalling the package (with its install script allowed) often helps",
      cause: error,
    });
  }
}
