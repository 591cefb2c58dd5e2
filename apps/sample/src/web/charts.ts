import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from "chart.js";
import type { Histogram } from "./histogram";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

/** How many runs the activation-std chart keeps side by side. */
export const KEPT_RUNS = 5;
const RUN_COLOURS = ["#3451b2", "#d9480f", "#2b8a3e", "#9c36b5", "#e67700"];

/** The two charts of the page, updated in place on every run. */
export interface PageCharts {
  /**
   * Plots the activation std after each layer (log scale) under `label`, next to the last runs
   * (up to {@link KEPT_RUNS}; a run with the same label replaces the earlier one), so presets can be
   * compared on one axis.
   */
  showActivationStd(label: string, stds: readonly number[]): void;
  /** Plots a weight histogram for one layer. */
  showHistogram(layerName: string, histogram: Histogram): void;
  /** Removes every plotted run and the histogram (after a failed run, nothing stale stays). */
  clear(): void;
}

/** An axis as drawn: its title and the tick labels chart.js laid out. */
export interface DrawnAxis {
  readonly title: string;
  readonly ticks: readonly string[];
}

/** The axes of a chart as drawn, by scale id (`x`, `y`). */
export function drawnAxes(chart: Chart): Record<string, DrawnAxis> {
  const axes: Record<string, DrawnAxis> = {};
  for (const [id, scale] of Object.entries(chart.scales)) {
    const title = (scale.options as { title?: { display?: boolean; text?: string | string[] } }).title;
    axes[id] = {
      title: title?.display ? [title.text ?? ""].flat().join(" ") : "",
      ticks: scale.ticks.map((tick) => [tick.label ?? ""].flat().join(" ")).filter((label) => label !== ""),
    };
  }
  return axes;
}

/** Axis titles and ticks every chart of the page shows. */
function axis(title: string, extra: Record<string, unknown> = {}) {
  return { display: true, title: { display: true, text: title, font: { weight: "bold" as const } }, ticks: { display: true }, grid: { display: true }, ...extra };
}

/**
 * Creates the activation-std line chart and the weight-histogram bar chart on two canvases.
 * Animations are off so the plotted state is final as soon as a run ends (the e2e test reads it).
 * @example
 * const charts = createPageCharts(stdCanvas, histogramCanvas);
 * charts.showActivationStd("Kaiming", [0.8, 0.79, 0.81]);
 */
export function createPageCharts(stdCanvas: HTMLCanvasElement, histogramCanvas: HTMLCanvasElement): PageCharts {
  const stdChart = new Chart<"line", (number | null)[], string>(stdCanvas, {
    type: "line",
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      scales: {
        x: axis("depth (layer)"),
        y: axis("std of activations after ReLU (log scale)", { type: "logarithmic", ticks: { display: true, callback: (value: number | string, index: number, ticks: { value: number }[]) => logTickLabels(ticks.map((tick) => tick.value))[index] ?? formatLogTick(Number(value)) } }),
      },
    },
  });
  const histogramChart = new Chart<"bar", number[], string>(histogramCanvas, {
    type: "bar",
    data: { labels: [], datasets: [{ label: "", data: [], backgroundColor: "#5b8def", barPercentage: 1, categoryPercentage: 1 }] },
    options: {
      animation: false,
      responsive: true,
      scales: { x: axis("weight value (bin centre)", { ticks: { display: true, maxRotation: 60, autoSkip: true } }), y: axis("count", { beginAtZero: true }) },
    },
  });
  return {
    showActivationStd(label, stds) {
      const datasets = stdChart.data.datasets.filter((dataset) => dataset.label !== label).slice(-(KEPT_RUNS - 1));
      const depth = Math.max(stds.length, ...datasets.map((dataset) => dataset.data.length));
      stdChart.data.labels = Array.from({ length: depth }, (_, i) => String(i + 1));
      const used = new Set(datasets.map((dataset) => dataset.borderColor));
      const colour = RUN_COLOURS.find((candidate) => !used.has(candidate)) ?? RUN_COLOURS[0]!;
      datasets.forEach((dataset) => Object.assign(dataset, { borderWidth: 1.5, pointRadius: 0 }));
      // A log axis cannot show 0 (activations that died completely): plot those as gaps.
      const data = stds.map((std) => (std > 0 && Number.isFinite(std) ? std : null));
      datasets.push({ label, data, borderColor: colour, backgroundColor: colour, borderWidth: 3, pointRadius: 2 });
      stdChart.data.datasets = datasets;
      stdChart.update();
      stdCanvas.dataset.runs = JSON.stringify(datasets.map((dataset) => dataset.label));
      stdCanvas.dataset.axes = JSON.stringify(drawnAxes(stdChart));
    },
    showHistogram(layerName, { edges, counts }) {
      histogramChart.data.labels = counts.map((_, i) => formatBinCentre((edges[i]! + edges[i + 1]!) / 2));
      const dataset = histogramChart.data.datasets[0]!;
      dataset.label = `${layerName}.weight`;
      dataset.data = [...counts];
      histogramChart.update();
      histogramCanvas.dataset.axes = JSON.stringify(drawnAxes(histogramChart));
    },
    clear() {
      stdChart.data.labels = [];
      stdChart.data.datasets = [];
      stdChart.update();
      histogramChart.data.labels = [];
      Object.assign(histogramChart.data.datasets[0]!, { label: "", data: [] });
      histogramChart.update();
      for (const canvas of [stdCanvas, histogramCanvas]) {
        delete canvas.dataset.axes;
        delete canvas.dataset.values;
        delete canvas.dataset.runs;
      }
    },
  };
}

/**
 * Labels only the powers of ten of a log axis, as `1e-12` … `0.01`, `0.1`, `1`, `10`.
 * @example
 * formatLogTick(1e-7); // "1e-7"
 * formatLogTick(2e-7); // ""
 */
export function formatLogTick(value: number): string {
  if (!(value > 0)) return "";
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(Math.log10(value) - exponent) > 1e-9) return "";
  return exponent >= -2 && exponent <= 3 ? String(10 ** exponent) : `1e${exponent}`;
}

/**
 * Labels for the ticks of a log axis: the powers of ten when at least two are in view; else also
 * 2× and 5× those; else every tick (a narrow range, such as a stable curve around 1, still gets
 * numbers on its axis).
 * @example
 * logTickLabels([1e-3, 2e-3, 1e-2, 1e-1]); // ["1e-3", "", "0.01", "0.1"]
 * logTickLabels([0.8, 0.9, 1, 1.1]); // ["0.8", "0.9", "1", "1.1"]
 */
export function logTickLabels(values: readonly number[]): string[] {
  const powers = values.map((value) => formatLogTick(value));
  if (powers.filter((label) => label !== "").length >= 2) return powers;
  const mantissa = (value: number) => (value > 0 ? Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(6)) : 0);
  const rounder = values.map((value) => ([1, 2, 5].includes(mantissa(value)) ? formatTickNumber(value) : ""));
  if (rounder.filter((label) => label !== "").length >= 2) return rounder;
  return values.map((value) => (value > 0 ? formatTickNumber(value) : ""));
}

function formatTickNumber(value: number): string {
  return value >= 1e-3 && value < 1e4 ? String(Number(value.toPrecision(2))) : value.toExponential(0).replace("+", "");
}

function formatBinCentre(value: number): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(3) : value.toExponential(1);
}
