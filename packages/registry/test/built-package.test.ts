import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What a consumer of the published package gets: `dist/index.js` through `import`,
 * `dist/index.cjs` through `require`, and the `.d.ts`/`.d.cts` types through package.json
 * "exports". Runs after `pnpm --filter @initlib/registry build`; without `dist` it is skipped with
 * the reason printed.
 */

type RegistryModule = typeof import("@initlib/registry");

const packageDirectory = fileURLToPath(new URL("..", import.meta.url));
const esmEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const cjsEntry = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));
const built = existsSync(esmEntry) && existsSync(cjsEntry) && existsSync(new URL("../dist/index.d.cts", import.meta.url));

if (!built) {
  console.warn(`[skip] built-package tests: ${packageDirectory}dist is absent; run \`pnpm --filter @initlib/registry build\` first`);
}

async function loadBoth(): Promise<{ esm: RegistryModule; cjs: RegistryModule }> {
  const esm = (await import(/* @vite-ignore */ pathToFileURL(esmEntry).href)) as RegistryModule;
  const cjs = createRequire(import.meta.url)(cjsEntry) as RegistryModule;
  return { esm, cjs };
}

describe.runIf(built)("built @initlib/registry", () => {
  it("works from the ESM and the CJS build", async () => {
    const { esm, cjs } = await loadBoth();
    for (const library of [esm, cjs]) {
      const registry = new library.Registry("built", { scope: "consumer" });
      registry.register("Pair", (args: { a: number; b: number }) => [args.a, args.b]);
      expect(registry.build({ type: "consumer.Pair", a: 1, b: 2 })).toEqual([1, 2]);
      expect(library.resolveConfig({ _base_: [{ init_cfg: { std: 1 } }], init_cfg: { std: 2 } })).toEqual({ initCfg: { std: 2 } });
      let caught: unknown;
      try {
        registry.build({ type: "Pear" });
      } catch (error) {
        caught = error;
      }
      expect(library.InitlibError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toContain("did you mean 'Pair'?");
    }
  });

  it("lets the two copies share global registries, errors and registry trees", async () => {
    const { esm, cjs } = await loadBoth();
    expect(esm.Registry).not.toBe(cjs.Registry);
    const key = "@initlib/registry:built-package-test";
    const fromEsm = esm.getGlobalRegistry(key, () => new esm.Registry("shared"));
    const fromCjs = cjs.getGlobalRegistry(key, () => new cjs.Registry("shared"));
    expect(fromCjs).toBe(fromEsm);
    expect(cjs.Registry.isInstance(fromEsm)).toBe(true);
    expect(cjs.InitlibError.isInstance(new esm.InitlibError("INITLIB_BAD_CONFIG", "x"))).toBe(true);

    const root = new esm.Registry("root", { scope: "rootscope" });
    root.register("Thing", class Thing {});
    const child = new cjs.Registry("child", { scope: "childscope", parent: root });
    child.register("Leaf", class Leaf {});
    expect(child.has("Thing")).toBe(true);
    expect(root.has("childscope.Leaf")).toBe(true);
  });

  it("reads a YAML config file from the CJS build (lazy node:fs and yaml imports)", async () => {
    const { cjs } = await loadBoth();
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const directory = await mkdtemp(join(tmpdir(), "initlib-built-"));
    try {
      await writeFile(join(directory, "base.yaml"), "init_cfg:\n  type: Normal\n  std: 0.01\n");
      await writeFile(join(directory, "child.json"), JSON.stringify({ _base_: ["base.yaml"], init_cfg: { std: 0.02 } }));
      expect(await cjs.loadConfigFile(join(directory, "child.json"))).toEqual({ initCfg: { type: "Normal", std: 0.02 } });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("type-checks a separate ESM and CJS consumer against the emitted declarations", () => {
    const require = createRequire(import.meta.url);
    const tsc = require.resolve("typescript/bin/tsc");
    const project = fileURLToPath(new URL("./consumer/tsconfig.json", import.meta.url));
    const listed = execFileSync(process.execPath, [tsc, "-p", project, "--listFiles"], { encoding: "utf8" });
    // Resolved through package.json "exports" to the built declarations, not to src.
    expect(listed).toContain(`${packageDirectory}dist/index.d.ts`);
    expect(listed).toContain(`${packageDirectory}dist/index.d.cts`);
    expect(listed).not.toContain(`${packageDirectory}src/`);
  });
});
