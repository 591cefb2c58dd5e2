import { InitlibError } from "@initlib/registry";

/**
 * An error located at config or parameter path `prefix`: an InitlibError gets the prefix on its path
 * (unless it has it already), anything else is wrapped as `code` with `cause`.
 * @example
 * throw locate(error, "Net.initCfg[0]", "INITLIB_BUILD_FAILED", "building the initializer failed");
 */
export function locate(error: unknown, prefix: string, code: "INITLIB_BUILD_FAILED" | "INITLIB_USER_INIT_FAILED" | "INITLIB_BACKEND_FAILURE", summary: string): InitlibError {
  if (InitlibError.isInstance(error)) return error.path?.startsWith(prefix) ? error : error.withPathPrefix(prefix);
  return new InitlibError(code, `${summary}: ${error instanceof Error ? error.message : String(error)}`, { path: prefix, cause: error });
}
