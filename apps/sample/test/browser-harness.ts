import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** The app folder and its Vite build. */
export const appRoot = fileURLToPath(new URL("..", import.meta.url));
export const distFolder = join(appRoot, "dist");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** `REQUIRE_WEBGPU=1`: a missing Chromium or WebGPU is a failure, not a skip. */
export const required = process.env.REQUIRE_WEBGPU === "1";
export const chromiumPresent = existsSync(chromiumPath);

/** The newest modification time under a folder (sources of the page). */
function newestTime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestTime(join(path, name))));
}

/** `turbo run test` builds the page first; a direct `vitest run` rebuilds it when the sources are newer. */
export function ensureBuilt(): void {
  const builtIndex = join(distFolder, "index.html");
  const sourcesTime = Math.max(newestTime(join(appRoot, "src", "web")), newestTime(join(appRoot, "index.html")));
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sourcesTime) return;
  const result = spawnSync(process.execPath, [join(appRoot, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "error"], { cwd: appRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Debian's headless Chromium with WebGPU on SwiftShader. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
