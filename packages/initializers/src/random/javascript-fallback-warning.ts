let warned = false;

/**
 * Says once per process (through `console.warn`) that the engine `auto` runs the pure-JavaScript
 * generator because the WebAssembly one cannot load here, and why. Later calls are silent.
 * @example
 * warnJavaScriptFallbackOnce("CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder");
 */
export function warnJavaScriptFallbackOnce(reason: string): void {
  if (warned) return;
  warned = true;
  const warn = (globalThis as { console?: { warn?: (message: string) => void } }).console?.warn;
  warn?.(
    `initlib: the WebAssembly SIMD random generator cannot load here (${reason}); using the pure-JavaScript ` +
      "generator instead: the same uniform and truncated-normal bits, normals within a few float32 ulps, " +
      "several times slower. Allow 'wasm-unsafe-eval' in the Content-Security-Policy for the fast path.",
  );
}
