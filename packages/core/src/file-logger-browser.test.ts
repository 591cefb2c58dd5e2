import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createFileLogger } from "./file-logger-browser";

describe("#file-logger outside Node", () => {
  it("refuses at once with INITLIB_BAD_ARGUMENT, naming the loggers that work there", () => {
    let error: unknown;
    try {
      createFileLogger("work_dirs/init.log");
    } catch (caught) {
      error = caught;
    }
    expect(InitlibError.isInstance(error)).toBe(true);
    expect((error as InitlibError).code).toBe("INITLIB_BAD_ARGUMENT");
    expect((error as InitlibError).hint).toMatch(/createConsoleLogger\(\) or createCapturingLogger\(\)/);
  });
});
