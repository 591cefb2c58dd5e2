import { InitlibError } from "@initlib/registry";

/** Whether `error` says that the module itself could not be found (not that it failed while loading). */
export function isModuleNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? "");
  const named = message.includes(specifier);
  return (
    ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && named) ||
    (named && /cannot find (module|package)|failed to resolve|could not resolve/i.test(message))
  );
}

/**
 * Imports an optional peer dependency through `load` (a literal `import("...")`, so bundlers see it),
 * turning "not installed" into an `INITLIB_MISSING_CAPABILITY` error that says what to install.
 * Other failures while loading are wrapped as `INITLIB_BACKEND_FAILURE` with the original as `cause`.
 */
export async function loadOptionalModule<T>(
  load: () => Promise<T>,
  specifier: string,
  details: { readonly needed: string; readonly install: string },
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error, specifier)) {
      throw new InitlibError("INITLIB_MISSING_CAPABILITY", `${specifier} is not installed; ${details.needed}`, {
        path: specifier,
        expected: `the package ${specifier} to be resolvable from @initlib/backend-tfjs`,
        hint: details.install,
        cause: error,
      });
    }
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `${specifier} failed to load`, {
      path: specifier,
      hint: "see the cause below; reinstall the package if its files are damaged",
      cause: error,
    });
  }
}
