// What `#load-config-file` resolves to outside Node (the package's `browser` and `default`
// conditions): the same function, without a file system to read from. Bundles for the browser
// therefore never see `node:fs` or `node:path`.
import { InitlibError } from "./initlib-error";
import type * as NodeConfigFiles from "./load-config-file";

/**
 * `loadConfigFile` where there is no file system (browsers, workers): it always fails with
 * `INITLIB_BAD_ARGUMENT`, saying how to resolve a config there instead.
 * @example
 * const config = resolveConfig(await (await fetch("retinanet.json")).json()); // instead of loadConfigFile
 */
export const loadConfigFile: typeof NodeConfigFiles.loadConfigFile = async (path) => {
  throw new InitlibError("INITLIB_BAD_ARGUMENT", "loadConfigFile reads files and runs in Node only", {
    path: "loadConfigFile(path)",
    received: path,
    expected: "a call from Node (this build was resolved through the package's browser or default export condition)",
    hint: "in a browser, fetch or import the config yourself and pass the object to resolveConfig (its _base_ entries must then be config objects, not paths)",
  });
};
