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
 * or rejects with anything else.
 * @example
 * expect((await rejectionOf(new FixupInit({ branches: "x" }).plan(model))).code).toBe("INITLIB_BAD_CONFIG");
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<InitlibError> {
  try {
    await promise;
  } catch (error) {
    if (InitlibError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an InitlibError");
}
