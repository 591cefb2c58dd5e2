/** What the browser-check page reports back to test/browser.test.ts. */
export interface BrowserCheckResult {
  /** `vendor architecture` of the page's WebGPU adapter, e.g. `google swiftshader`. */
  readonly adapter: string;
  readonly conformance: ReadonlyArray<{ readonly id: string; readonly status: "passed" | "failed" | "skipped"; readonly detail: string }>;
  /** Uniform samples compared bit for bit with the host generator. */
  readonly identity: { readonly elements: number; readonly mismatches: readonly string[] };
}
