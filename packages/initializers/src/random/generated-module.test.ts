import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { RANDOM_WASM_BASE64 } from "./generated/random-wasm";

const packageRoot = new URL("../../", import.meta.url);
const compilerInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve("assemblyscript/package.json");
    return true;
  } catch {
    return false;
  }
})();

describe("generated WebAssembly module", () => {
  it("is a valid WebAssembly module", () => {
    const bytes = Buffer.from(RANDOM_WASM_BASE64, "base64");
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
    const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } };
    expect(wasm.validate(bytes)).toBe(true);
  });

  it.runIf(compilerInstalled && existsSync(new URL("asm/random.ts", packageRoot)))(
    "is what asm/random.ts compiles to (run node scripts/build-random-wasm.mjs after editing it)",
    async () => {
      const script = new URL("scripts/build-random-wasm.mjs", packageRoot).href;
      const { renderGeneratedModule } = (await import(/* @vite-ignore */ script)) as { renderGeneratedModule: () => Promise<string> };
      const current = readFileSync(new URL("src/random/generated/random-wasm.ts", packageRoot), "utf8");
      expect(await renderGeneratedModule()).toBe(current);
    },
  );
});
