// Compiled by test/built-package.test.ts as a CommonJS project would: in a .cts file an import
// becomes require(), resolved with the `require` condition → dist/index.d.cts.
import { Registry } from "@initlib/registry";

const registry = new Registry<(args: { n: number }) => number>("cjs consumer");
registry.register("Double", ({ n }) => n * 2);
const doubled: number = registry.build({ type: "Double", n: 2 });
// @ts-expect-error a registry key is a string
registry.get(3);

export { doubled };
