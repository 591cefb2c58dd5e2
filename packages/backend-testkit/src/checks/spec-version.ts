import { BACKEND_SPEC_VERSION, resolveBackend, type Backend } from "@initlib/initializers";
import { InitlibError, describeValue } from "@initlib/registry";
import { ConformanceFailure, ensure, type ConformanceCheck } from "../conformance-check";
import { captureError } from "../storage-helpers";

/**
 * `resolveBackend` (what `initWeights()` runs before any work) accepts the backend, and refuses a
 * view of it that declares another spec version with `INITLIB_BACKEND_SPEC` naming the backend and
 * both versions, before calling any of its methods.
 */
export const specVersionCheck: ConformanceCheck = {
  id: "spec-version",
  title: "passes resolveBackend; a view declaring another specVersion is refused with INITLIB_BACKEND_SPEC before any method runs",
  async run({ backend }) {
    let resolved: Backend<unknown>;
    try {
      resolved = resolveBackend(backend);
    } catch (error) {
      const code = InitlibError.isInstance(error) ? `${error.code}: ` : "";
      throw new ConformanceFailure(`resolveBackend refused the backend: ${code}${error instanceof Error ? error.message : describeValue(error)}`, { cause: error });
    }
    ensure(resolved === backend, "resolveBackend(backend) did not return the backend itself");
    const calls: string[] = [];
    for (const declared of [BACKEND_SPEC_VERSION + 1, 0, undefined]) {
      // A view: the backend's own methods (counted), only specVersion differs.
      const view = Object.create(backend, { specVersion: { value: declared } }) as Backend<unknown>;
      for (const method of ["allocate", "write", "read", "fill", "dispose", "sample", "beginRun"] as const) {
        if (typeof backend[method] !== "function") continue;
        Object.defineProperty(view, method, {
          value: (...args: unknown[]) => {
            calls.push(method);
            return (backend[method] as (...values: unknown[]) => unknown).apply(backend, args);
          },
        });
      }
      const error = await captureError(() => resolveBackend(view), `resolveBackend on a view declaring specVersion ${String(declared)}`);
      const text = error instanceof Error ? error.message : describeValue(error);
      ensure(InitlibError.isInstance(error) && error.code === "INITLIB_BACKEND_SPEC", () => `specVersion ${String(declared)}: resolveBackend threw ${text}, expected INITLIB_BACKEND_SPEC`);
      ensure(text.includes(backend.name), () => `the error does not name the backend "${backend.name}": ${text}`);
      ensure(text.includes(String(BACKEND_SPEC_VERSION)), () => `the error does not name the supported version ${BACKEND_SPEC_VERSION}: ${text}`);
    }
    ensure(calls.length === 0, () => `resolveBackend called ${calls.join(", ")} of a backend it refused`);
  },
};
