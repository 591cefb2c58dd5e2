import { defineConfig, type Options } from "tsup";

/** Build settings every package shares: ESM + CJS + declarations from `src/index.ts` (or `entry`). */
export function defineInitlibTsupConfig(overrides: Pick<Options, "entry"> = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    sourcemap: true,
    clean: true,
    target: "node20",
    // Keep `node:` specifiers as written: browser bundlers then recognise lazily loaded Node built-ins
    // instead of looking for npm packages of the same name.
    removeNodeProtocol: false,
    external: [/^@tensorflow\//, /^@initlib\//, "webgpu"],
    ...overrides,
  });
}
