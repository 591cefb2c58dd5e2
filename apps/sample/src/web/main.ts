import { silentLogger } from "@initlib/core";
import { InitlibError } from "@initlib/registry";
import { setUpBrowserBackend, type BrowserBackend } from "./browser-backend";
import { createPageCharts } from "./charts";
import { mountDepthComparison } from "./depth-comparison-panel";
import { activationStdPerDepth } from "./forward-pass";
import { histogram } from "./histogram";
import { NETWORK_IDS, NETWORKS, buildNetwork, layerWeightsOf, weightLayersOf, type DeepNet, type NetworkId } from "./networks";
import type { PageReportRow, PageResult } from "./page-result";
import { INIT_PRESETS, PRESET_IDS, parseCustomConfig, type InitCfgEntry, type PresetId } from "./presets";
import { describeStdCurve, renderReportTable } from "./report-table";

const CUSTOM = "custom";
const element = <T extends HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the page has no ${selector}`);
  return found;
};

const app = element<HTMLElement>("#app");
const form = element<HTMLFormElement>("#controls");
const networkSelect = element<HTMLSelectElement>("#network-select");
const presetSelect = element<HTMLSelectElement>("#preset-select");
const seedInput = element<HTMLInputElement>("#seed-input");
const runButton = element<HTMLButtonElement>("#run-button");
const customBox = element<HTMLDivElement>("#custom-config");
const customInput = element<HTMLTextAreaElement>("#custom-config-input");
const configError = element<HTMLParagraphElement>("#config-error");
const backendNote = element<HTMLParagraphElement>("#backend-note");
const status = element<HTMLParagraphElement>("#status");
const stdSummary = element<HTMLParagraphElement>("#std-summary");
const stdCanvas = element<HTMLCanvasElement>("#std-chart");
const histogramCanvas = element<HTMLCanvasElement>("#histogram-chart");
const layerSelect = element<HTMLSelectElement>("#layer-select");
const reportBody = element<HTMLTableSectionElement>("#report-table tbody");
const warningList = element<HTMLUListElement>("#report-warnings");

const charts = createPageCharts(stdCanvas, histogramCanvas);
let runId = 0;
// The model of the last successful run stays allocated so histograms read its parameters on demand.
let currentModel: DeepNet | undefined;
let histogramRequest = 0;
let lastResult: PageResult | undefined;

for (const id of NETWORK_IDS) networkSelect.add(new Option(NETWORKS[id].label, id));
for (const id of PRESET_IDS) presetSelect.add(new Option(INIT_PRESETS[id].label, id));
presetSelect.add(new Option("Custom initCfg (JSON)…", CUSTOM));
presetSelect.value = "kaiming-fan-in";

presetSelect.addEventListener("change", () => {
  const custom = presetSelect.value === CUSTOM;
  customBox.hidden = !custom;
  if (custom && customInput.value.trim() === "") customInput.value = JSON.stringify(INIT_PRESETS["kaiming-fan-in"].initCfg, null, 2);
});
layerSelect.addEventListener("change", () => void showHistogram(layerSelect.value));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});

const backendReady: Promise<BrowserBackend> = setUpBrowserBackend(new URLSearchParams(location.search).get("backend") === "cpu" ? "cpu" : "webgpu").then((setup) => {
  if (setup.fallbackReason) {
    backendNote.textContent = `Running on the TensorFlow.js CPU backend, not WebGPU: ${setup.fallbackReason}.`;
    backendNote.hidden = false;
  }
  return setup;
});

void run();
mountDepthComparison(app, backendReady);

/** Reads the initCfg the controls describe, or shows why it cannot be used. */
function selectedInitCfg(): readonly InitCfgEntry[] | string {
  if (presetSelect.value !== CUSTOM) return INIT_PRESETS[presetSelect.value as PresetId].initCfg;
  const parsed = parseCustomConfig(customInput.value);
  return parsed.ok ? parsed.initCfg : parsed.message;
}

async function run(): Promise<void> {
  runButton.disabled = true;
  app.dataset.state = "running";
  configError.hidden = true;
  const network = networkSelect.value as NetworkId;
  const preset = presetSelect.value;
  const seed = Math.max(0, Math.trunc(Number(seedInput.value) || 0));
  const base = { network, preset, seed };
  try {
    const setup = await backendReady;
    const initCfg = selectedInitCfg();
    if (typeof initCfg === "string") throw new ConfigProblem(initCfg);
    status.textContent = `Initializing ${NETWORKS[network].label} on ${setup.kind}…`;
    const started = performance.now();
    let model: DeepNet;
    let report;
    try {
      // Everything initlib can reject in a config is raised here (at construction for the
      // init_cfg's shape, in initWeights before any write otherwise), with its config path.
      model = buildNetwork(network, initCfg);
      report = await model.initWeights({ backend: setup.backend, seed, logger: silentLogger });
    } catch (error) {
      if (InitlibError.isInstance(error)) throw new ConfigProblem(error.message);
      throw error;
    }
    const initWeightsMs = performance.now() - started;
    const forwardStarted = performance.now();
    let activationStd: number[];
    try {
      // The parameters' own variables go straight into the tfjs ops: nothing is read back or re-uploaded.
      activationStd = await activationStdPerDepth(setup.tf, await layerWeightsOf(model, setup.tensorOf), { shape: NETWORKS[network].inputShape, seed: 1 });
    } catch (error) {
      await disposeModel(model);
      throw error;
    }
    const forwardMs = performance.now() - forwardStarted;
    if (currentModel) await disposeModel(currentModel);
    currentModel = model;
    const layerNames = weightLayersOf(model).map((layer) => layer.name);

    const rows: PageReportRow[] = report.parameters.map(({ name, shape, info }) => ({ name, shape: [...shape], info: info.trim() }));
    const warnings = [...report.warnings];
    const label = `${network.toUpperCase()} · ${preset === CUSTOM ? "custom initCfg" : INIT_PRESETS[preset as PresetId].label}`;
    charts.showActivationStd(label, activationStd);
    stdCanvas.dataset.values = JSON.stringify(activationStd);
    stdSummary.textContent = describeStdCurve(activationStd);
    renderReportTable(reportBody, rows);
    warningList.replaceChildren(...warnings.map((text) => Object.assign(document.createElement("li"), { textContent: `warning: ${text}` })));
    const previousLayer = layerSelect.value;
    layerSelect.replaceChildren(...layerNames.map((name) => new Option(name, name)));
    layerSelect.value = layerNames.includes(previousLayer) ? previousLayer : (layerNames[0] ?? "");
    status.textContent = `${setup.kind}: initWeights() ${initWeightsMs.toFixed(0)} ms, forward pass ${forwardMs.toFixed(0)} ms, ${rows.length} parameters.`;
    publish({
      ...base,
      runId: ++runId,
      state: "ready",
      backend: setup.kind,
      activationStd,
      layers: layerNames,
      histogram: { layer: "", edges: [], counts: [] },
      report: rows,
      warnings,
      timings: { initWeightsMs, forwardMs },
    });
    await showHistogram(layerSelect.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    configError.textContent = message;
    configError.hidden = false;
    status.textContent = error instanceof ConfigProblem ? "The initCfg was rejected; nothing was initialized." : "The run failed.";
    if (!(error instanceof ConfigProblem)) console.error(error);
    publish({
      ...base,
      runId: ++runId,
      state: "error",
      error: message,
      backend: (await backendReady.catch(() => undefined))?.kind ?? "cpu",
      activationStd: [],
      layers: [],
      histogram: { layer: "", edges: [], counts: [] },
      report: [],
      warnings: [],
      timings: { initWeightsMs: 0, forwardMs: 0 },
    });
  } finally {
    runButton.disabled = false;
  }
}

/** Reads one layer's weight back from the backend and plots its histogram. */
async function showHistogram(layerName: string): Promise<void> {
  const request = ++histogramRequest;
  const layer = currentModel && weightLayersOf(currentModel).find((candidate) => candidate.name === layerName);
  if (!layer) return;
  const values = await layer.module.weight.read();
  // A later selection (or run) wins over a read that was still in flight.
  if (request !== histogramRequest || !lastResult || lastResult.state !== "ready") return;
  const bins = histogram(values, 40);
  charts.showHistogram(layerName, bins);
  publish({ ...lastResult, histogram: { layer: layerName, edges: bins.edges, counts: bins.counts } });
}

async function disposeModel(model: DeepNet): Promise<void> {
  await Promise.all(model.parameters().map((parameter) => parameter.dispose()));
}

function publish(result: PageResult): void {
  lastResult = result;
  window.__initlibResult = result;
  app.dataset.state = result.state;
}

/** A config the page could not use; its message is shown next to the editor. */
class ConfigProblem extends Error {}
