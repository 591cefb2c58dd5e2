import { InitlibError } from "../src/initlib-error";

/**
 * Runs `action` and returns the `InitlibError` it throws; fails the test when it throws nothing or
 * throws anything else (that error is kept as the cause).
 * @example
 * expect(thrown(() => registry.get("Nope")).code).toBe("INITLIB_UNKNOWN_TYPE");
 */
export function thrown(action: () => unknown): InitlibError {
  try {
    action();
  } catch (error) {
    if (InitlibError.isInstance(error)) return error;
    throw new Error(`expected an InitlibError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected an error, nothing was thrown");
}
