import { defineConfig, type Options } from "tsup";

/** What a package adds to {@link defineInitlibTsupConfig}. */
export interface InitlibTsupOptions extends Pick<Options, "entry"> {
  /**
   * Also build `dist/browser/`, for a package whose `#…` subpath imports (package.json `imports`)
   * keep Node-only modules apart.
   */
  readonly browserBuild?: boolean;
}

/**
 * Build settings every package shares: ESM + CJS + declarations from `src/index.ts` (or `entry`).
 * `dist/` is the Node build. With `browserBuild`, `dist/browser/` holds the same entries built for
 * browsers, where each `#…` subpath import resolves through its `default` condition to a stand-in
 * without Node built-ins; package.json `exports` then hands the Node build to the `node` condition
 * and the browser build to `browser` and to everything else, both with the Node build's declarations.
 */
export function defineInitlibTsupConfig({ browserBuild = false, ...overrides }: InitlibTsupOptions = {}) {
  const shared: Options = {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    sourcemap: true,
    // Keep `node:` specifiers as written: a Node built-in must read as one in the output.
    removeNodeProtocol: false,
    external: [/^@tensorflow\//, /^@initlib\//, "webgpu"],
    ...overrides,
  };
  const node: Options = {
    ...shared,
    // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    // Everything but the browser build, which the second configuration writes at the same time.
    clean: ["!browser", "!browser/**"],
    target: "node20",
    platform: "node",
  };
  if (!browserBuild) return defineConfig({ ...node, clean: true });
  return defineConfig([node, { ...shared, outDir: "dist/browser", clean: true, target: "es2022", platform: "browser" }]);
}
