import { describeValue, InitlibError } from "@initlib/registry";
import { type Backend, BACKEND_SPEC_VERSION } from "./backend";

/** The methods of the backend contract; `sample` is the optional fast path, `beginRun` the optional lifecycle. */
export type BackendCapability = "allocate" | "write" | "read" | "fill" | "dispose" | "sample" | "beginRun";

const REQUIRED: readonly BackendCapability[] = ["allocate", "write", "read", "fill", "dispose"];
const OPTIONAL: readonly BackendCapability[] = ["sample", "beginRun"];

/** What a caller needs of a backend beyond the required methods. */
export interface BackendRequirements {
  /** Optional capabilities the work needs (e.g. `["sample"]`). @default [] */
  readonly needs?: readonly BackendCapability[];
}

/**
 * Checks a backend before any work starts: an object with a `name`, the `specVersion` this
 * initlib implements, every required method, and the optional ones `requirements` names. A
 * problem is one error naming the backend, what is missing or different, and how to fix it
 * (`INITLIB_BACKEND_SPEC` for a version mismatch, `INITLIB_MISSING_CAPABILITY` for methods).
 * @example
 * const backend = resolveBackend(userBackend); // throws before anything is allocated
 */
export function resolveBackend<Storage = unknown>(candidate: unknown, requirements: BackendRequirements = {}): Backend<Storage> {
  if (typeof candidate !== "object" || candidate === null) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "the backend is not an object", {
      path: "backend",
      received: describeValue(candidate),
      expected: "an object implementing the Backend interface of @initlib/initializers",
      hint: "pass e.g. createHostBackend() or createTfjsBackend(tf)",
    });
  }
  const backend = candidate as Partial<Backend<Storage>> & Record<string, unknown>;
  const name = typeof backend.name === "string" && backend.name !== "" ? backend.name : "(unnamed backend)";
  if (backend.specVersion !== BACKEND_SPEC_VERSION) {
    throw new InitlibError("INITLIB_BACKEND_SPEC", `the backend ${name} implements Backend spec version ${describeValue(backend.specVersion)}, not ${BACKEND_SPEC_VERSION}`, {
      path: "backend.specVersion",
      received: backend.specVersion,
      expected: `specVersion: ${BACKEND_SPEC_VERSION}`,
      hint: "update the backend package to one built for this initlib version (the conformance kit checks it)",
    });
  }
  const missing = [...REQUIRED, ...(requirements.needs ?? [])].filter((method) => typeof backend[method] !== "function");
  if (missing.length > 0) {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `the backend ${name} lacks ${missing.map((method) => `${method}()`).join(", ")}`, {
      path: "backend",
      received: missing,
      expected: `the methods ${[...REQUIRED, ...(requirements.needs ?? [])].join(", ")}`,
      hint: missing.some((method) => REQUIRED.includes(method))
        ? "implement every required method of the Backend interface; run @initlib/backend-testkit against it"
        : "use a backend with this capability, or leave out the option that needs it",
    });
  }
  // An optional method is absent or a function: anything else would fail in the middle of the work.
  const malformed = OPTIONAL.filter((method) => backend[method] !== undefined && typeof backend[method] !== "function");
  if (malformed.length > 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `the backend ${name} has ${malformed.join(", ")} set to something other than a method`, {
      path: `backend.${malformed[0]}`,
      received: describeValue(backend[malformed[0]!]),
      expected: "a method, or the property left out (the optional capabilities are then not used)",
      hint: "remove the property or assign a function",
    });
  }
  if (typeof backend.name !== "string" || backend.name === "") {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "the backend has no name", { path: "backend.name", received: backend.name, expected: "a non-empty string shown in errors and reports" });
  }
  return backend as Backend<Storage>;
}
