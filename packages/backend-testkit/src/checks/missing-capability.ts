import { writeRule, type Backend } from "@initlib/initializers";
import { InitlibError, describeValue } from "@initlib/registry";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { captureError, withStorage } from "../storage-helpers";
import { requiredMethodsOnly } from "./without-sample";

/**
 * A backend that lacks a method `writeRule` needs fails with `INITLIB_MISSING_CAPABILITY`, naming the
 * backend and the operation, instead of a `TypeError` deep inside initlib.
 */
export const missingCapabilityCheck: ConformanceCheck = {
  id: "missing-capability",
  title: "a copy of the backend without write() fails in writeRule with INITLIB_MISSING_CAPABILITY naming backend and operation",
  async run({ backend }) {
    const withoutWrite: Partial<Backend<unknown>> = { ...requiredMethodsOnly(backend) };
    delete withoutWrite.write;
    const crippled = withoutWrite as Backend<unknown>;
    await withStorage(backend, [3, 5], async (storage) => {
      const error = await captureError(
        () => writeRule(crippled, storage, [3, 5], { kind: "normal", mean: 0, std: 1 }, { seed: 1, path: "weight" }),
        "writeRule on a backend without write() or sample()",
      );
      const text = error instanceof Error ? error.message : describeValue(error);
      ensure(InitlibError.isInstance(error) && error.code === "INITLIB_MISSING_CAPABILITY", () =>
        `writeRule threw ${error instanceof Error ? `${error.name}: ${text}` : text}, expected InitlibError INITLIB_MISSING_CAPABILITY`,
      );
      ensure(text.includes(backend.name), () => `the error does not name the backend "${backend.name}": ${text}`);
      ensure(/\bwrite\b/.test(text), () => `the error does not name the missing operation "write": ${text}`);
    });
  },
};
