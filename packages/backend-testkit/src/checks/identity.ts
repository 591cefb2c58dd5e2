import { BACKEND_SPEC_VERSION } from "@initlib/initializers";
import { ensure, type ConformanceCheck } from "../conformance-check";

const REQUIRED_METHODS = ["allocate", "write", "read", "fill", "dispose"] as const;

/** The backend names itself, declares the spec version and has every required method. */
export const identityCheck: ConformanceCheck = {
  id: "identity",
  title: "declares a name, the spec version and every required method",
  async run({ backend }) {
    ensure(typeof backend.name === "string" && backend.name.length > 0, () => `name is ${JSON.stringify(backend.name)}, expected a non-empty string`);
    ensure(backend.specVersion === BACKEND_SPEC_VERSION, () => `specVersion is ${String(backend.specVersion)}, expected ${BACKEND_SPEC_VERSION}`);
    for (const method of REQUIRED_METHODS) {
      ensure(typeof backend[method] === "function", `${method} is ${typeof backend[method]}, expected a function`);
    }
    ensure(backend.sample === undefined || typeof backend.sample === "function", `sample is ${typeof backend.sample}, expected a function or undefined`);
    ensure(backend.beginRun === undefined || typeof backend.beginRun === "function", `beginRun is ${typeof backend.beginRun}, expected a function or undefined`);
  },
};
