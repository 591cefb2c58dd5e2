import { chromiumPresent, ensureBuilt, required } from "./browser-harness";

/**
 * Vitest global setup: builds the page once, before the browser test files start (they run in
 * parallel and would otherwise race to rebuild `dist/`). Nothing to build without Chromium.
 */
export function setup(): void {
  if (chromiumPresent || required) ensureBuilt();
}
