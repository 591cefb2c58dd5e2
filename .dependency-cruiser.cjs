// Import rules of the monorepo, checked by `pnpm lint:deps` (part of `pnpm lint`):
// no import cycles anywhere, and a package imports only packages listed before it.
const ORDER = ["registry", "checkpoint", "initializers", "core", "backend-tfjs", "backend-webgpu", "backend-node-gpu", "backend-testkit", "cli"];

/** For package number `index`: importing any package listed after it is forbidden. */
const againstTheOrder = ORDER.map((name, index) => ({
  name: `${name}-imports-only-earlier-packages`,
  comment: `@initlib/${name} may import only ${ORDER.slice(0, index).map((earlier) => `@initlib/${earlier}`).join(", ") || "no other initlib package"}`,
  severity: "error",
  from: { path: `^packages/${name}/src/` },
  to: { path: `^(packages/(${ORDER.slice(index + 1).join("|")})/|node_modules/@initlib/(${ORDER.slice(index + 1).join("|")})/)` },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle makes the stages impossible to read in order; move the shared part into a file both import",
      severity: "error",
      from: { path: "^packages/[^/]+/src/" },
      to: { circular: true },
    },
    {
      name: "no-reaching-into-other-packages",
      comment: "import another package's public entry (@initlib/x), never its src/ or dist/",
      severity: "error",
      from: { path: "^packages/([^/]+)/src/" },
      to: { path: "^packages/([^/]+)/(src|dist)/", pathNot: ["^packages/$1/", "^packages/[^/]+/src/(index|internal|testing|vitest|copy-strided|redact-url)\\.ts$"] },
    },
    ...againstTheOrder,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(\\.test\\.ts$|\\.test-d\\.ts$|/generated/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { conditionNames: ["@initlib/source", "import", "default"], exportsFields: ["exports"] },
  },
};
