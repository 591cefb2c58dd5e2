import { InitlibError } from "@initlib/registry";

/**
 * Runs `run` and returns the `InitlibError` it throws; fails the test when it throws nothing or
 * throws anything else.
 * @example
 * expect(errorOf(() => computeFans({ shape: [3] })).code).toBe("INITLIB_BAD_ARGUMENT");
 */
export function errorOf(run: () => unknown): InitlibError {
  try {
    run();
  } catch (error) {
    if (InitlibError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an InitlibError");
}
