import { readFileSync } from "node:fs";

/**
 * What `initlib --version` prints: `initlib <version>`, the version in this package's package.json
 * (one level above both `src/` and the built `dist/`), so it never drifts from the release.
 * @example
 * cliVersion(); // "initlib 0.2.0"
 */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return `initlib ${manifest.version}`;
}
