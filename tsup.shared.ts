import { defineConfig, type Options } from "tsup";

/**
 * Build settings every package shares: ESM + CJS + declarations from `src/index.ts` (or `entry`),
 * built twice. `dist/` is the Node build; `dist/browser/` is the same entries built for browsers,
 * where each package's `#…` subpath imports (package.json `imports`) resolve through their
 * `default` condition to stand-ins without Node built-ins. package.json `exports` hands the Node
 * build to the `node` condition and the browser build to `browser` and to everything else; both
 * share the declarations of the Node build.
 */
export function defineInitlibTsupConfig(overrides: Pick<Options, "entry"> = {}) {
  const shared: Options = {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    sourcemap: true,
    // Keep `node:` specifiers as written: a Node built-in must read as one in the output.
    removeNodeProtocol: false,
    external: [/^@tensorflow\//, /^@initlib\//, "webgpu"],
    ...overrides,
  };
  return defineConfig([
    {
      ...shared,
      // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
      dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
      // Everything but the browser build, which the second configuration writes at the same time.
      clean: ["!browser/**"],
      target: "node20",
      platform: "node",
    },
    {
      ...shared,
      outDir: "dist/browser",
      clean: true,
      target: "es2022",
      platform: "browser",
    },
  ]);
}
