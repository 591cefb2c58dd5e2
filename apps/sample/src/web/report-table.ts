import type { PageReportRow } from "./page-result";

/**
 * Fills the init report table: one row per parameter with its name, shape and MMEngine info string.
 * @example
 * renderReportTable(document.querySelector("#report-table tbody")!, [{ name: "0.weight", shape: [4, 4], info: "XavierInit: ..." }]);
 */
export function renderReportTable(body: HTMLTableSectionElement, rows: readonly PageReportRow[]): void {
  const document = body.ownerDocument;
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      for (const text of [row.name, `[${row.shape.join(", ")}]`, row.info]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
}

/**
 * A sentence summarizing an activation-std curve: stable, vanishing or exploding, with the ratio.
 * @example
 * describeStdCurve([1, 0.9]); // "stable: the last layer's std is 0.9× the first layer's"
 */
export function describeStdCurve(stds: readonly number[]): string {
  if (stds.length === 0) return "";
  const ratio = stds.at(-1)! / stds[0]!;
  const factor = ratio === 0 ? "0" : ratio >= 0.01 && ratio < 100 ? ratio.toPrecision(2) : ratio.toExponential(1);
  const verdict = !(ratio > 0) || ratio < 0.1 ? "vanishing" : ratio > 10 ? "exploding" : ratio < 0.5 || ratio > 2 ? "drifting" : "stable";
  return `${verdict}: the last layer's std is ${factor}× the first layer's (${stds.length} layers)`;
}
