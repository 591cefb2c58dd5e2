import type { DownloadTally } from "./download-progress";
import type { PageLoadReport } from "./load-report-view";

/** One row of the init report as the page shows it. */
export interface PageReportRow {
  readonly name: string;
  readonly shape: readonly number[];
  readonly info: string;
}

/**
 * What the page computed in its last run, exposed as `window.__initlibResult` for tests and for
 * anyone poking at the page from the console.
 */
export interface PageResult {
  /** Increases by one per finished run (successful or not). */
  readonly runId: number;
  readonly state: "ready" | "error";
  /** The message shown when `state` is `error`. */
  readonly error?: string;
  /** The tfjs backend the run used. */
  readonly backend: "webgpu" | "cpu";
  readonly network: string;
  readonly preset: string;
  readonly seed: number;
  /** Standard deviation of the activations after each layer's ReLU, first layer first. */
  readonly activationStd: readonly number[];
  /** Names of the layers with weights, in depth order (their `.weight` is in `report`). */
  readonly layers: readonly string[];
  /** The histogram currently plotted. */
  readonly histogram: { readonly layer: string; readonly edges: readonly number[]; readonly counts: readonly number[] };
  readonly report: readonly PageReportRow[];
  readonly warnings: readonly string[];
  /** The checkpoint a "load pretrained" run loaded (a URL, or a chosen file's name). */
  readonly checkpoint?: string;
  /** What initlib reported about that load (matched, missing, unexpected, converted keys). */
  readonly loadReport?: PageLoadReport;
  /** What the page downloaded during that load (absent for a file from disk). */
  readonly download?: DownloadTally;
  /** Milliseconds spent in `initWeights()` and in the forward pass. */
  readonly timings: { readonly initWeightsMs: number; readonly forwardMs: number };
}

declare global {
  interface Window {
    __initlibResult?: PageResult;
  }
}
