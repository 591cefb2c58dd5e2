// Every initlib package meant for web pages bundles for the browser with default settings, and a
// page pays only for what it imports: esbuild (platform browser, bundle, minify) must find no Node
// built-in reachable from any entry, an entry importing only `kaimingInit` stays small and free of
// checkpoint code, and `BaseModule` + `Linear` + `initWeights()` stays within its budget. Sizes are
// min+gzip without the WebAssembly module's bytes (the base64 module is replaced by an empty string)
// and without code behind `import()` (loaded only when that path runs, e.g. Pretrained's readers).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { encodeSafetensors } from "@initlib/checkpoint";
import { describe, expect, it } from "vitest";
import { bundleForBrowser, nodeBuiltinImports, PACKAGES_DIRECTORY } from "./bundle-for-browser";

/** The packages a web page uses. backend-node-gpu, backend-testkit and cli are Node programs. */
const BROWSER_PACKAGES = ["registry", "checkpoint", "initializers", "core", "backend-tfjs", "backend-webgpu"];
/** The packages with Node-only code behind package.json `imports` conditions. */
const SPLIT_PACKAGES = ["registry", "checkpoint", "initializers", "core"];

const KAIMING_ONLY_BUDGET = 15 * 1024;
// Issue 12 asks for 30 KB here. Measured: 29.6 KB (30 265 bytes) with everything that runs only
// once a call plans or writes behind import(): Pretrained's loading half and the checkpoint
// readers, the depth-aware schemes' planning, the params pattern compiler (loaded when a config
// has params), writeRule, the host backend and its random generator, and the values of
// Orthogonal, Sparse, Dirac and ZerO. What remains is the module tree, the registry, the validate
// and ordering stages and the 28 registered initializers (each with its argument schema and
// constructor checks), which initWeights() can build by name.
const MODULE_AND_INIT_WEIGHTS_BUDGET = 30 * 1024;

interface Manifest {
  readonly imports?: Record<string, Record<string, string>>;
  readonly exports: Record<string, string | Record<string, unknown>>;
}

const manifestOf = (name: string): Manifest => JSON.parse(readFileSync(join(PACKAGES_DIRECTORY, name, "package.json"), "utf8")) as Manifest;

/** `@initlib/<name>` and each of its subpath entries (`@initlib/checkpoint/internal`, ...). */
function entriesOf(name: string): string[] {
  return Object.keys(manifestOf(name).exports)
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => `@initlib/${name}${subpath.slice(1)}`);
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const checkpointInputs = (inputs: readonly string[]) => inputs.filter((input) => input.includes("packages/checkpoint/") || input.includes("fflate"));

describe("every entry of every browser package bundles for the browser", () => {
  for (const name of BROWSER_PACKAGES) {
    for (const entry of entriesOf(name)) {
      it(`${entry}: no Node built-in is reachable`, async () => {
        // `export *` keeps every export, so everything the entry can reach is bundled.
        const bundle = await bundleForBrowser(`export * from "${entry}";`);
        expect(nodeBuiltinImports(bundle.code, builtinModules)).toEqual([]);
        console.log(`browser bundle of all of ${entry}: ${kilobytes(bundle.minifiedBytes)} min, ${kilobytes(bundle.gzipBytes)} min+gz`);
      });
    }
  }
});

describe("the published builds keep Node code out of browsers", () => {
  for (const name of SPLIT_PACKAGES) {
    it(`${name}: every entry has a node build, and a browser build for browser and default`, () => {
      const manifest = manifestOf(name);
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        if (typeof target === "string") continue;
        expect(Object.keys(target), subpath).toEqual(["@initlib/source", "node", "browser", "import", "require"]);
        const browser = JSON.stringify([target.browser, target.import, target.require]);
        expect(browser, subpath).not.toMatch(/"\.\/dist\/(?!browser\/)[^"]*\.c?js"/);
        expect(JSON.stringify(target.node), subpath).not.toContain("/browser/");
      }
      // Each Node-only module has a stand-in under the `default` condition.
      expect(Object.keys(manifest.imports ?? {}).length).toBeGreaterThan(0);
      for (const [specifier, conditions] of Object.entries(manifest.imports ?? {})) {
        expect(Object.keys(conditions), specifier).toEqual(["types", "node", "default"]);
        expect(conditions.default, specifier).toMatch(/-browser\.ts$/);
        expect(existsSync(join(PACKAGES_DIRECTORY, name, conditions.default!)), specifier).toBe(true);
      }
    });

    const built = existsSync(join(PACKAGES_DIRECTORY, name, "dist", "browser", "index.js"));
    it.skipIf(!built)(`${name}: the built browser entries (dist/browser, run the package's build first) reach no Node built-in`, async () => {
      for (const entry of entriesOf(name)) {
        const bundle = await bundleForBrowser(`export * from "${entry}";`, { sources: false });
        expect(nodeBuiltinImports(bundle.code, builtinModules), entry).toEqual([]);
        expect(bundle.inputs.every((input) => !input.includes(`packages/${name}/src/`)), entry).toBe(true);
      }
    });
  }
});

const KAIMING_ONLY = `import { kaimingInit } from "@initlib/initializers";
globalThis.initialize = kaimingInit;`;

const MODULE_AND_INIT_WEIGHTS = `import { BaseModule, Linear } from "@initlib/core";
class Net extends BaseModule {
  fc = new Linear({ inFeatures: 4, outFeatures: 4 });
}
globalThis.report = new Net({ type: "Kaiming", layer: "Linear" }).initWeights();`;

describe("a page pays for what it imports", () => {
  it(`an entry importing only kaimingInit is at most ${kilobytes(KAIMING_ONLY_BUDGET)} min+gz and carries no checkpoint code`, async () => {
    const bundle = await bundleForBrowser(KAIMING_ONLY, { deferDynamicImports: true, withoutWebAssemblyBytes: true });
    console.log(`kaimingInit only: ${kilobytes(bundle.minifiedBytes)} min, ${kilobytes(bundle.gzipBytes)} min+gz (budget ${kilobytes(KAIMING_ONLY_BUDGET)})`);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(KAIMING_ONLY_BUDGET);
    expect(checkpointInputs(bundle.inputs)).toEqual([]);
    expect(bundle.code).not.toMatch(/safetensors|unpickl|inflate/i);
    // Nothing was left out by deferring: this entry has no lazy part at all.
    const everything = await bundleForBrowser(KAIMING_ONLY, { withoutWebAssemblyBytes: true });
    expect(checkpointInputs(everything.inputs)).toEqual([]);
  });

  const initializersBuilt = ["registry", "checkpoint", "initializers"].every((name) => existsSync(join(PACKAGES_DIRECTORY, name, "dist", "browser", "index.js")));
  it.skipIf(!initializersBuilt)(`from the built packages (dist/browser, built by turbo before tests), kaimingInit alone is at most ${kilobytes(KAIMING_ONLY_BUDGET)} min+gz, WebAssembly module and all`, async () => {
    // A build is one file per entry, so unused code goes only when it is side-effect free
    // statement by statement: the WebAssembly string and WEIGHT_INITIALIZERS are marked pure.
    const bundle = await bundleForBrowser(KAIMING_ONLY, { deferDynamicImports: true, sources: false });
    console.log(`kaimingInit only, from dist/browser: ${kilobytes(bundle.minifiedBytes)} min, ${kilobytes(bundle.gzipBytes)} min+gz (budget ${kilobytes(KAIMING_ONLY_BUDGET)})`);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(KAIMING_ONLY_BUDGET);
    expect(bundle.inputs.filter((input) => input.startsWith("packages/") && input.includes("/src/"))).toEqual([]);
    expect(bundle.code).not.toMatch(/safetensors|unpickl|inflate|AGFzbQ/i);
  });

  it(`BaseModule + Linear + initWeights() is at most ${kilobytes(MODULE_AND_INIT_WEIGHTS_BUDGET)} min+gz; the checkpoint readers load only with Pretrained`, async () => {
    const bundle = await bundleForBrowser(MODULE_AND_INIT_WEIGHTS, { deferDynamicImports: true, withoutWebAssemblyBytes: true });
    const withWebAssembly = await bundleForBrowser(MODULE_AND_INIT_WEIGHTS, { deferDynamicImports: true });
    console.log(
      `BaseModule + Linear + initWeights(): ${kilobytes(bundle.minifiedBytes)} min, ${kilobytes(bundle.gzipBytes)} min+gz (budget ${kilobytes(MODULE_AND_INIT_WEIGHTS_BUDGET)}); ` +
        `with the WebAssembly module ${kilobytes(withWebAssembly.gzipBytes)} min+gz`,
    );
    expect(bundle.gzipBytes).toBeLessThanOrEqual(MODULE_AND_INIT_WEIGHTS_BUDGET);
    // Only two leaf entries: the 20-line strided copy that Eye, Dirac and Orthogonal use to
    // transpose, and the URL redaction that names a Pretrained checkpoint when it is built.
    expect(checkpointInputs(bundle.inputs).sort()).toEqual(["packages/checkpoint/src/copy-strided.ts", "packages/checkpoint/src/redact-url.ts"]);
    expect(bundle.code).toMatch(/import\(\s*["']\.\/pretrained-load["']\s*\)/);
  });
});

describe("the browser build runs", () => {
  it("initWeights() with the WebAssembly generator, and Pretrained loading its readers on demand", async () => {
    const directory = mkdtempSync(join(tmpdir(), "initlib-browser-bundle-"));
    try {
      await bundleForBrowser(
        `import { BaseModule, Linear, silentLogger } from "@initlib/core";
import { webAssemblyGeneratorAvailable } from "@initlib/initializers";
import { resolveRandomEngine } from "@initlib/initializers/internal";
class Net extends BaseModule {
  fc = new Linear({ inFeatures: 64, outFeatures: 64 });
}
export async function run(checkpoint) {
  const random = new Net({ type: "Normal", std: 0.5, layer: "Linear" });
  await random.initWeights({ logger: silentLogger });
  const pretrained = new Net({ type: "Pretrained", checkpoint });
  const report = await pretrained.initWeights({ logger: silentLogger });
  return {
    webAssembly: webAssemblyGeneratorAvailable(),
    engine: resolveRandomEngine(),
    randomWeights: [...(await random.fc.weight.read())],
    pretrainedWeights: [...(await pretrained.fc.weight.read())],
    loaded: report.loadReports[0].loaded,
  };
}`,
        { outdir: directory },
      );
      // The entry does not import @initlib/checkpoint: Pretrained loads it when it plans.
      expect(readFileSync(join(directory, "entry.js"), "utf8")).not.toMatch(/unpickl|safetensors header/i);
      const { run } = (await import(pathToFileURL(join(directory, "entry.js")).href)) as { run: (checkpoint: Uint8Array) => Promise<unknown> };
      const checkpoint = encodeSafetensors({ "fc.weight": { data: new Float32Array(4096).fill(0.25), shape: [64, 64] } });
      const result = (await run(checkpoint)) as { webAssembly: boolean; engine: string; randomWeights: number[]; pretrainedWeights: number[]; loaded: string[] };
      expect(result.webAssembly).toBe(true);
      expect(result.engine).toBe("webassembly");
      const std = Math.sqrt(result.randomWeights.reduce((sum, value) => sum + value * value, 0) / result.randomWeights.length);
      expect(std).toBeGreaterThan(0.45); // N(0, 0.5²) over 4096 values: 0.5 within a few percent
      expect(std).toBeLessThan(0.55);
      expect(new Set(result.pretrainedWeights)).toEqual(new Set([0.25]));
      expect(result.loaded).toEqual(["fc.weight"]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
