/** A checkpoint load as the page shows it (initlib's `LoadReport`, as plain data). */
export interface PageLoadReport {
  readonly checkpoint: string;
  readonly loaded: readonly string[];
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly shapeMismatched: readonly { readonly key: string; readonly checkpointShape: readonly number[]; readonly modelShape: readonly number[] }[];
  readonly converted: readonly { readonly key: string; readonly dtype: string }[];
}

/** The rows of the load report table, in the order shown. */
export const LOAD_REPORT_ROWS = ["matched", "missing", "unexpected", "converted", "shape mismatched"] as const;
/** One of {@link LOAD_REPORT_ROWS}. */
export type LoadReportRow = (typeof LOAD_REPORT_ROWS)[number];

const EXPLANATIONS: Readonly<Record<LoadReportRow, string>> = {
  matched: "loaded from the checkpoint",
  missing: "in the model, not in the checkpoint: keep the preset's values",
  unexpected: "in the checkpoint, not in the model: ignored (never downloaded)",
  converted: "stored in another dtype, converted to float32",
  "shape mismatched": "in both, with different shapes: not loaded",
};

/** Key names per row of the table (a converted key with its stored dtype, a mismatch with both shapes). */
export function loadReportEntries(report: PageLoadReport): Record<LoadReportRow, string[]> {
  return {
    matched: [...report.loaded],
    missing: [...report.missing],
    unexpected: [...report.unexpected],
    converted: report.converted.map(({ key, dtype }) => `${key} (${dtype})`),
    "shape mismatched": report.shapeMismatched.map(({ key, checkpointShape, modelShape }) => `${key} (checkpoint [${checkpointShape.join(", ")}], model [${modelShape.join(", ")}])`),
  };
}

/**
 * Fills the load report table: one row per kind of key (matched, missing, unexpected, converted,
 * shape mismatched) with its count (also in `data-count`) and the keys, and names the checkpoint
 * in the caption.
 * @example
 * renderLoadReport(document.querySelector("#load-report")!, report);
 */
export function renderLoadReport(table: HTMLTableElement, report: PageLoadReport): void {
  const document = table.ownerDocument;
  const entries = loadReportEntries(report);
  const caption = table.createCaption();
  caption.textContent = `Loaded from ${report.checkpoint}`;
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...LOAD_REPORT_ROWS.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.row = row;
      tr.dataset.count = String(entries[row].length);
      const keys = entries[row];
      const cells = [row, String(keys.length), keys.length === 0 ? "—" : keys.join(", ")];
      for (const text of cells) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
      tr.cells[0]!.title = EXPLANATIONS[row];
      return tr;
    }),
  );
  table.hidden = false;
}

/** Empties and hides the load report table. */
export function clearLoadReport(table: HTMLTableElement): void {
  table.tBodies[0]?.replaceChildren();
  table.caption?.remove();
  table.hidden = true;
}
