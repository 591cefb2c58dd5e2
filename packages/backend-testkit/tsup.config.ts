import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/vitest.ts"],
  format: ["esm", "cjs"],
  // tsup 8.5.1's dts build passes `baseUrl`, which TypeScript 6 rejects (TS5101) unless silenced.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  external: [/^@tensorflow\//, /^@initlib\//, "webgpu"],
});
