import type { Backend } from "@initlib/initializers";

let loading: Promise<() => Backend> | undefined;

/**
 * `createHostBackend`, loaded on first use: the host backend carries initlib's random generator
 * (JavaScript and WebAssembly), which a page whose parameters live on a device backend never
 * needs. Every caller awaits the same promise, so concurrent calls resume in call order.
 * @example
 * const backend = (await loadHostBackend())();
 */
export function loadHostBackend(): Promise<() => Backend> {
  loading ??= import("./host-backend-entry").then(({ createHostBackend }) => () => createHostBackend());
  return loading;
}
