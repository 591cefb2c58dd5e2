// Bundling a piece of code the way a web page's build does, for the browser-bundle tests: esbuild
// with `platform: "browser"`, `bundle` and `minify`, everything else at its default. Each
// `@initlib/*` specifier is resolved from that package's own directory (a package may import itself
// by name), so every workspace package resolves through its own package.json `exports` and
// `imports`, whichever package runs the test.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { build, type BuildOptions, type Message, type Plugin } from "esbuild";

/** The `packages/` directory of the workspace. */
export const PACKAGES_DIRECTORY = fileURLToPath(new URL("../../", import.meta.url));

/** What {@link bundleForBrowser} measured. */
export interface BrowserBundle {
  /** The minified code (every output file, entry first, when `outdir` is given). */
  readonly code: string;
  readonly minifiedBytes: number;
  /** `gzip -6` of the minified code. */
  readonly gzipBytes: number;
  /** The source files in the bundle, relative to the workspace root. */
  readonly inputs: readonly string[];
}

/** Options of {@link bundleForBrowser}. */
export interface BundleOptions {
  /**
   * Leave `import()`ed modules out (external), to measure what a page loads at start-up: code
   * behind a dynamic import is a separate chunk that loads only when that path runs.
   */
  readonly deferDynamicImports?: boolean;
  /**
   * Replace the base64 WebAssembly module of the random generator (`random/generated/random-wasm.ts`)
   * by an empty string, to measure the code without the module's bytes.
   */
  readonly withoutWebAssemblyBytes?: boolean;
  /** Resolve the packages' `@initlib/source` condition (the TypeScript sources) rather than `dist`. @default true */
  readonly sources?: boolean;
  /** Write split chunks here (esbuild `splitting`), e.g. to run the bundle. */
  readonly outdir?: string;
}

const workspacePackages: Plugin = {
  name: "initlib-workspace-packages",
  setup(context) {
    context.onResolve({ filter: /^@initlib\/[^/]+/ }, async (args) => {
      if (args.pluginData === "resolved-from-its-package") return undefined;
      const name = /^@initlib\/([^/]+)/.exec(args.path)![1]!;
      const result = await context.resolve(args.path, { kind: args.kind, resolveDir: join(PACKAGES_DIRECTORY, name), pluginData: "resolved-from-its-package" });
      return { ...result, pluginData: undefined };
    });
  },
};

const deferDynamicImports: Plugin = {
  name: "defer-dynamic-imports",
  setup(context) {
    context.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
  },
};

const withoutWebAssemblyBytes: Plugin = {
  name: "without-webassembly-bytes",
  setup(context) {
    context.onLoad({ filter: /[\\/]random[\\/]generated[\\/]random-wasm\.ts$/ }, () => ({ contents: 'export const RANDOM_WASM_BASE64: string = "";', loader: "ts" }));
  },
};

/** esbuild's errors as one message: each with the file that holds the failing import. */
function describeErrors(errors: readonly Message[]): string {
  return errors.map((error) => `${error.text}${error.location ? ` (imported by ${error.location.file}:${error.location.line})` : ""}`).join("\n");
}

/**
 * Bundles `source` (TypeScript, resolved from packages/core) for the browser. Rejects with every
 * unresolvable import listed, which is how a reachable `node:` module (or a bare Node built-in)
 * shows: esbuild refuses to bundle one for the browser.
 * @example
 * const { gzipBytes } = await bundleForBrowser('export { kaimingInit } from "@initlib/initializers";');
 */
export async function bundleForBrowser(source: string, options: BundleOptions = {}): Promise<BrowserBundle> {
  const settings: BuildOptions = {
    stdin: { contents: source, resolveDir: join(PACKAGES_DIRECTORY, "core"), loader: "ts", sourcefile: "entry.ts" },
    // Input paths in the metafile are relative to this: `packages/<name>/src/...`.
    absWorkingDir: join(PACKAGES_DIRECTORY, ".."),
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    metafile: true,
    logLevel: "silent",
    // The backends' peer dependency: a page bundles its own copy of tfjs.
    external: ["@tensorflow/*"],
    conditions: options.sources === false ? [] : ["@initlib/source"],
    plugins: [
      ...(options.deferDynamicImports ? [deferDynamicImports] : []),
      workspacePackages,
      ...(options.withoutWebAssemblyBytes ? [withoutWebAssemblyBytes] : []),
    ],
    ...(options.outdir === undefined ? { write: false } : { outdir: options.outdir, splitting: true, write: true, entryNames: "entry" }),
  };
  let result;
  try {
    result = await build(settings);
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    throw new Error(errors ? `the bundle for the browser failed:\n${describeErrors(errors)}` : String(error), { cause: error });
  }
  const outputs = Object.entries(result.metafile!.outputs).filter(([path]) => !path.endsWith(".map"));
  const code = options.outdir === undefined ? result.outputFiles![0]!.text : "";
  const inputs = [...new Set(outputs.flatMap(([, output]) => Object.keys(output.inputs)))];
  const bytes = Buffer.from(code);
  return { code, minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes).length, inputs };
}

/** Node's built-in module specifiers (`node:fs`, `fs`, ...) that `code` imports or requires. */
export function nodeBuiltinImports(code: string, builtins: readonly string[]): string[] {
  const names = builtins.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const pattern = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\brequire\\s*\\(\\s*|\\bgetBuiltinModule\\s*\\(\\s*|\\bimport\\s*)["'\`]((?:node:)[^"'\`]+|(?:${names}))["'\`]`, "g");
  return [...code.matchAll(pattern)].map((match) => match[1]!);
}
