// Test helpers: the InitlibError an action throws or a promise rejects with.
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

/**
 * Awaits `promise` and returns the `InitlibError` it rejects with; fails the test when it resolves
 * or rejects with anything else. A value that is not a promise counts as resolved.
 * @example
 * expect((await rejectionOf(new FixupInit({ branches: "x" }).plan(model))).code).toBe("INITLIB_BAD_CONFIG");
 */
export async function rejectionOf(promise: unknown): Promise<InitlibError> {
  try {
    await promise;
  } catch (error) {
    if (InitlibError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an InitlibError");
}
