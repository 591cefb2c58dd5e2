import { defineConfig } from "tsup";

// The `initlib` command: one ESM file with a shebang; the initlib packages and tfjs stay imports.
export default defineConfig({
  entry: { initlib: "src/main.ts" },
  format: ["esm"],
  target: "node20",
  sourcemap: true,
  clean: true,
  removeNodeProtocol: false,
  banner: { js: "#!/usr/bin/env node" },
  external: [/^@tensorflow\//, /^@initlib\//, "webgpu", "yaml"],
});
