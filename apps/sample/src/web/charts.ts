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

/** The two charts of the page, updated in place on every run. */
export interface PageCharts {
  /** Plots the activation std after each layer (log scale), with the run's label in the legend. */
  showActivationStd(label: string, stds: readonly number[]): void;
  /** Plots a weight histogram for one layer. */
  showHistogram(layerName: string, histogram: Histogram): void;
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
    data: { labels: [], datasets: [{ label: "", data: [], borderColor: "#3451b2", backgroundColor: "#3451b2", pointRadius: 2 }] },
    options: {
      animation: false,
      responsive: true,
      scales: {
        x: { title: { display: true, text: "depth (layer)" } },
        y: { type: "logarithmic", title: { display: true, text: "std of activations after ReLU" } },
      },
    },
  });
  const histogramChart = new Chart<"bar", number[], string>(histogramCanvas, {
    type: "bar",
    data: { labels: [], datasets: [{ label: "", data: [], backgroundColor: "#5b8def", barPercentage: 1, categoryPercentage: 1 }] },
    options: {
      animation: false,
      responsive: true,
      scales: { x: { title: { display: true, text: "weight value (bin centre)" } }, y: { title: { display: true, text: "count" } } },
    },
  });
  return {
    showActivationStd(label, stds) {
      stdChart.data.labels = stds.map((_, i) => String(i + 1));
      const dataset = stdChart.data.datasets[0]!;
      dataset.label = label;
      // A log axis cannot show 0 (activations that died completely): plot those as gaps.
      dataset.data = stds.map((std) => (std > 0 && Number.isFinite(std) ? std : null));
      stdChart.update();
    },
    showHistogram(layerName, { edges, counts }) {
      histogramChart.data.labels = counts.map((_, i) => formatBinCentre((edges[i]! + edges[i + 1]!) / 2));
      const dataset = histogramChart.data.datasets[0]!;
      dataset.label = `${layerName}.weight`;
      dataset.data = [...counts];
      histogramChart.update();
    },
  };
}

function formatBinCentre(value: number): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(3) : value.toExponential(1);
}
