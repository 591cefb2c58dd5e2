/** `writeRule` and `createHostBackend` (`execution-code.ts`), once loaded. */
export type ExecutionCode = typeof import("./execution-code");

let loading: Promise<ExecutionCode> | undefined;

/**
 * Loads the code that writes values on first use: `writeRule` and the host backend with its
 * random generator, which a page needs only once it writes. Every caller awaits the same promise,
 * so concurrent calls resume in call order.
 * @example
 * const { writeRule } = await loadExecutionCode();
 */
export function loadExecutionCode(): Promise<ExecutionCode> {
  loading ??= import("./execution-code");
  return loading;
}
