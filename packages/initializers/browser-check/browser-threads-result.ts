/** What the browser page reports to test/browser-threads.test.ts. */
export interface BrowserThreadsResult {
  readonly crossOriginIsolated: boolean;
  /** Whether the host backend allocated the parameter in shared memory. */
  readonly shared: boolean;
  /** Workers the pool started (0 means everything ran on the page's thread). */
  readonly workers: number;
  readonly elements: number;
  /** Per rule: the first element whose bits differ from one-thread generation, or -1. */
  readonly firstDifference: Record<string, number>;
}
