import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  // Keep `node:fs/promises` and `node:path` spelled so: bundlers for the browser recognise them as
  // Node built-ins of the lazily loaded config-file reader instead of looking for npm packages.
  removeNodeProtocol: false,
  external: [/^@tensorflow\//, /^@initlib\//, "webgpu"],
});
