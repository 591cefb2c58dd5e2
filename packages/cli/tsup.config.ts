import { defineConfig } from "tsup";

// The `initlib` command: one ESM file with a shebang; the initlib packages and tfjs stay imports.
// `streaming` is the library entry `@initlib/cli/streaming` (ESM with declarations).
export default defineConfig({
  entry: { initlib: "src/main.ts", streaming: "src/streaming/index.ts" },
  format: ["esm"],
  target: "node20",
  sourcemap: true,
  clean: true,
  removeNodeProtocol: false,
  // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
  dts: { entry: { streaming: "src/streaming/index.ts" }, compilerOptions: { ignoreDeprecations: "6.0" } },
  banner: { js: "#!/usr/bin/env node" },
  external: [/^@tensorflow\//, /^@initlib\//, "webgpu", "yaml"],
});
