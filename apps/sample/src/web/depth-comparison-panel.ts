import { CategoryScale, Chart, Legend, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from "chart.js";
import type { BrowserBackend } from "./browser-backend";
import { formatLogTick } from "./charts";
import { compareDepthSchemes, COMPARISON_DEPTH, type DepthSeries } from "./depth-comparison";

Chart.register(CategoryScale, Legend, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

const SERIES_COLOURS = ["#3451b2", "#d9480f", "#2b8a3e", "#9c36b5"];

/**
 * One line per series: last/first std ratio, so the page states what the chart shows.
 * @example
 * describeDepthSeries({ id: "fixup", label: "Fixup, residual MLP", std: [0.17, 0.58, 0.58] }); // "Fixup, residual MLP: std 0.17 → 0.58 (×3.5)"
 */
export function describeDepthSeries(series: DepthSeries): string {
  const first = series.std[0] ?? Number.NaN;
  const last = series.std.at(-1) ?? Number.NaN;
  const format = (value: number) => (Math.abs(value) >= 0.01 && Math.abs(value) < 1000 ? value.toPrecision(2) : value.toExponential(1));
  return `${series.label}: std ${format(first)} → ${format(last)} (×${format(last / first)})`;
}

/**
 * Adds the "depth-aware schemes" panel to `container`: a button that runs
 * {@link compareDepthSchemes} on the page's tfjs backend and plots the activation std of the four
 * (scheme, network) pairs by depth on a log axis. The series are also left on the canvas as
 * `data-series` (JSON) for tests.
 * @example
 * mountDepthComparison(document.querySelector("#app")!, setUpBrowserBackend("webgpu"));
 */
export function mountDepthComparison(container: HTMLElement, selectedBackend: () => Promise<BrowserBackend>): void {
  const panel = document.createElement("section");
  panel.id = "depth-comparison";
  panel.className = "panel wide";
  const heading = Object.assign(document.createElement("h2"), {
    textContent: `Depth-aware schemes: activation std over ${COMPARISON_DEPTH} ReLU layers (log scale)`,
  });
  const button = Object.assign(document.createElement("button"), { type: "button", id: "depth-comparison-run", textContent: "Compare Kaiming, Fixup and LSUV" });
  const status = Object.assign(document.createElement("p"), { className: "summary" });
  const canvas = Object.assign(document.createElement("canvas"), { id: "depth-comparison-chart", height: 240 });
  const summary = document.createElement("ul");
  panel.append(heading, button, status, canvas, summary);
  container.append(panel);
  const chart = new Chart<"line", (number | null)[], string>(canvas, {
    type: "line",
    data: { labels: Array.from({ length: COMPARISON_DEPTH }, (_, index) => String(index + 1)), datasets: [] },
    options: {
      animation: false,
      responsive: true,
      scales: {
        x: { title: { display: true, text: "depth (weight layer)" } },
        y: { type: "logarithmic", title: { display: true, text: "std of activations after ReLU" }, ticks: { callback: (value) => formatLogTick(Number(value)) } },
      },
    },
  });
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = "Initializing three networks with initWeights() and running LSUV…";
    void selectedBackend()
      .then((setup) => compareDepthSchemes(setup.tf, { backend: setup.backend }).then((series) => ({ setup, series })))
      .then(({ setup, series }) => {
        chart.data.datasets = series.map((entry, index) => ({
          label: entry.label,
          data: entry.std.map((std) => (std > 0 && Number.isFinite(std) ? std : null)),
          borderColor: SERIES_COLOURS[index],
          backgroundColor: SERIES_COLOURS[index],
          borderWidth: 2,
          pointRadius: 0,
        }));
        chart.update();
        canvas.dataset.series = JSON.stringify(series);
        summary.replaceChildren(...series.map((entry) => Object.assign(document.createElement("li"), { textContent: describeDepthSeries(entry) })));
        status.textContent = `On ${setup.kind}. Kaiming keeps the std only on average on the plain MLP and lets it explode on the residual one; Fixup zeroes each branch's last layer; LSUV rescales every layer to unit variance on a batch.`;
      })
      .catch((error: unknown) => {
        status.textContent = `The comparison failed: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
