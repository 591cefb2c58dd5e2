import { defineConfig } from "vite";

// The page bundles the workspace packages from their TypeScript sources (the `@initlib/source`
// export condition), so it builds without building the packages first.
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@initlib/source", "module", "browser", "development|production"] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
});
