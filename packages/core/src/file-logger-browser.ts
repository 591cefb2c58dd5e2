// What `#file-logger` resolves to outside Node (the package's `browser` and `default`
// conditions): `createFileLogger` without a file system, so browser bundles never see `node:fs`.
import { InitlibError } from "@initlib/registry";
import type * as NodeFileLogger from "./file-logger";

/**
 * `createFileLogger` where there is no file system (browsers, workers): it fails at once with
 * `INITLIB_BAD_ARGUMENT`, naming a logger that works there.
 * @example
 * await model.initWeights({ logger: createCapturingLogger() }); // instead of a file logger
 */
export const createFileLogger: typeof NodeFileLogger.createFileLogger = (path) => {
  throw new InitlibError("INITLIB_BAD_ARGUMENT", "createFileLogger writes a file and runs in Node only", {
    path: "createFileLogger(path)",
    received: path,
    expected: "a call from Node (this build was resolved through the package's browser or default export condition)",
    hint: "in a browser use createConsoleLogger() or createCapturingLogger() and save its records yourself",
  });
};
