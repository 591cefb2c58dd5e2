import { silentLogger } from "@initlib/core";
import { InitlibError } from "@initlib/registry";
import { BrowserBackends, type BackendKind } from "./browser-backend";
import { createPageCharts } from "./charts";
import { wireCheckpointPicker, type CheckpointChoice } from "./checkpoint-picker";
import { mountDepthComparison } from "./depth-comparison-panel";
import { describeDownload, watchDownloads, type DownloadTally, type DownloadWatch } from "./download-progress";
import { activationStdPerDepth } from "./forward-pass";
import { histogram } from "./histogram";
import { clearLoadReport, renderLoadReport, type PageLoadReport } from "./load-report-view";
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
const backendSelect = element<HTMLSelectElement>("#backend-select");
const seedInput = element<HTMLInputElement>("#seed-input");
const runButton = element<HTMLButtonElement>("#run-button");
const customBox = element<HTMLDivElement>("#custom-config");
const customInput = element<HTMLTextAreaElement>("#custom-config-input");
const pretrainedForm = element<HTMLFormElement>("#pretrained-form");
const loadButton = element<HTMLButtonElement>("#load-button");
const prefixInput = element<HTMLInputElement>("#checkpoint-prefix");
const progressBox = element<HTMLDivElement>("#load-progress");
const progressBar = element<HTMLProgressElement>("#load-progress-bar");
const progressText = element<HTMLSpanElement>("#load-progress-text");
const loadReportPanel = element<HTMLDivElement>("#load-report-panel");
const loadReportTable = element<HTMLTableElement>("#load-report");
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
const backends = new BrowserBackends();
const picker = wireCheckpointPicker(
  {
    urlInput: element<HTMLInputElement>("#checkpoint-url"),
    fileInput: element<HTMLInputElement>("#checkpoint-file"),
    dropZone: element<HTMLElement>("#checkpoint-drop"),
    chosen: element<HTMLElement>("#checkpoint-chosen"),
  },
  () => requestRun({ pretrained: true }),
);
let runId = 0;
// The model of the last successful run stays allocated so histograms read its parameters on demand.
let currentModel: DeepNet | undefined;
let currentKind: BackendKind | undefined;
let histogramRequest = 0;
let lastResult: PageResult | undefined;
/** Whether the last run loaded a checkpoint: changing the backend repeats it. */
let lastRunPretrained = false;

for (const id of NETWORK_IDS) networkSelect.add(new Option(NETWORKS[id].label, id));
for (const id of PRESET_IDS) presetSelect.add(new Option(INIT_PRESETS[id].label, id));
presetSelect.add(new Option("Custom initCfg (JSON)…", CUSTOM));
presetSelect.value = "kaiming-fan-in";
backendSelect.value = new URLSearchParams(location.search).get("backend") === "cpu" ? "cpu" : "webgpu";

presetSelect.addEventListener("change", () => {
  const custom = presetSelect.value === CUSTOM;
  customBox.hidden = !custom;
  if (custom && customInput.value.trim() === "") customInput.value = JSON.stringify(INIT_PRESETS["kaiming-fan-in"].initCfg, null, 2);
});
layerSelect.addEventListener("change", () => void showHistogram(layerSelect.value));
backendSelect.addEventListener("change", () => requestRun({ pretrained: lastRunPretrained }));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  requestRun({ pretrained: false });
});
pretrainedForm.addEventListener("submit", (event) => {
  event.preventDefault();
  requestRun({ pretrained: true });
});

// WebGPU stays listed, disabled, with the reason, where the browser cannot run it.
const backendsReady = backends.webGpuUnavailableReason.then((reason) => {
  if (reason === "") return;
  const option = backendSelect.querySelector<HTMLOptionElement>('option[value="webgpu"]')!;
  option.disabled = true;
  option.textContent = "WebGPU (unavailable)";
  option.title = reason;
  backendSelect.value = "cpu";
});

/** Runs one at a time: a file dropped during a run is loaded when that run ends. */
let runQueue: Promise<void> = backendsReady;
function requestRun(request: { readonly pretrained: boolean }): void {
  runQueue = runQueue.then(() => run(request)).catch((error: unknown) => console.error(error));
}

requestRun({ pretrained: false });
mountDepthComparison(app, () => backendsReady.then(() => backends.use(backendSelect.value as BackendKind)));

/** Reads the initCfg the controls describe, or shows why it cannot be used. */
function selectedInitCfg(): readonly InitCfgEntry[] | string {
  if (presetSelect.value !== CUSTOM) return INIT_PRESETS[presetSelect.value as PresetId].initCfg;
  const parsed = parseCustomConfig(customInput.value);
  return parsed.ok ? parsed.initCfg : parsed.message;
}

/** The Pretrained rule for the chosen checkpoint (last, as MMEngine applies Pretrained after the rest). */
function pretrainedRule(choice: CheckpointChoice): InitCfgEntry {
  const prefix = prefixInput.value.trim();
  return { type: "Pretrained", checkpoint: choice.kind === "url" ? choice.url : choice.file, ...(prefix === "" ? {} : { prefix }) };
}

function setControlsBusy(busy: boolean): void {
  for (const control of [runButton, loadButton, backendSelect]) control.disabled = busy;
}

function showProgress(state: "downloading" | "done" | "failed", tally: DownloadTally): void {
  progressBox.hidden = false;
  progressBox.dataset.state = state;
  progressBox.dataset.requests = String(tally.requests);
  progressBox.dataset.bytes = String(tally.receivedBytes);
  if (state === "downloading") progressBar.removeAttribute("value");
  else progressBar.value = progressBar.max;
  const label = state === "downloading" ? "Downloading the checkpoint" : state === "done" ? "Downloaded" : "Download stopped";
  progressText.textContent = `${label}: ${describeDownload(tally)}`;
}

async function run(request: { readonly pretrained: boolean }): Promise<void> {
  setControlsBusy(true);
  app.dataset.state = "running";
  configError.hidden = true;
  const network = networkSelect.value as NetworkId;
  const preset = presetSelect.value;
  const seed = Math.max(0, Math.trunc(Number(seedInput.value) || 0));
  const base = { network, preset, seed };
  let watch: DownloadWatch | undefined;
  let checkpoint: string | undefined;
  let download: DownloadTally | undefined;
  try {
    const requested = backendSelect.value as BackendKind;
    // The last model's tensors live on the backend it was made on: free them before switching.
    if (currentModel && currentKind !== requested) await disposeCurrentModel();
    const setup = await backends.use(requested);
    backendNote.hidden = setup.fallbackReason === undefined;
    backendNote.textContent = setup.fallbackReason ? `Running on the TensorFlow.js CPU backend, not WebGPU: ${setup.fallbackReason}.` : "";
    const presetCfg = selectedInitCfg();
    if (typeof presetCfg === "string") throw new ConfigProblem(presetCfg);
    let initCfg = presetCfg;
    if (request.pretrained) {
      const choice = picker.current();
      if ("problem" in choice) throw new ConfigProblem(choice.problem);
      checkpoint = choice.kind === "url" ? choice.url : choice.file.name;
      initCfg = [...presetCfg, pretrainedRule(choice)];
      progressBox.hidden = true;
      if (choice.kind === "url") watch = watchDownloads((tally) => showProgress("downloading", tally));
    }
    status.textContent = checkpoint ? `Loading ${checkpoint} into ${NETWORKS[network].label} on ${setup.kind}…` : `Initializing ${NETWORKS[network].label} on ${setup.kind}…`;
    const started = performance.now();
    let model: DeepNet;
    let report;
    try {
      // Everything initlib can reject in a config or a checkpoint is raised here (at construction
      // for the init_cfg's shape, in initWeights before any write otherwise), with its path.
      model = buildNetwork(network, initCfg);
      report = await model.initWeights({ backend: setup.backend, seed, logger: silentLogger });
    } catch (error) {
      if (InitlibError.isInstance(error)) throw new ConfigProblem(error.message);
      throw error;
    } finally {
      download = watch?.stop();
      if (download) showProgress(report ? "done" : "failed", download);
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
    currentKind = setup.kind;
    lastRunPretrained = request.pretrained;
    const layerNames = weightLayersOf(model).map((layer) => layer.name);

    const rows: PageReportRow[] = report.parameters.map(({ name, shape, info }) => ({ name, shape: [...shape], info: info.trim() }));
    const warnings = [...report.warnings];
    const loadReport: PageLoadReport | undefined = report.loadReports.at(-1);
    const presetLabel = preset === CUSTOM ? "custom initCfg" : INIT_PRESETS[preset as PresetId].label;
    const label = `${network.toUpperCase()} · ${presetLabel}${checkpoint ? ` + ${checkpoint.split("/").at(-1)}` : ""}`;
    charts.showActivationStd(label, activationStd);
    stdCanvas.dataset.values = JSON.stringify(activationStd);
    stdSummary.textContent = describeStdCurve(activationStd);
    renderReportTable(reportBody, rows);
    if (loadReport) renderLoadReport(loadReportTable, loadReport);
    else clearLoadReport(loadReportTable);
    loadReportPanel.hidden = !loadReport;
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
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(loadReport === undefined ? {} : { loadReport: plainLoadReport(loadReport) }),
      ...(download === undefined ? {} : { download }),
      timings: { initWeightsMs, forwardMs },
    });
    await showHistogram(layerSelect.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Nothing of an earlier run stays on screen next to this error.
    await clearResults();
    configError.textContent = message;
    configError.hidden = false;
    const what = checkpoint ? `Loading ${checkpoint} failed` : "The initCfg was rejected";
    status.textContent = error instanceof ConfigProblem ? `${what}; nothing was initialized.` : "The run failed.";
    if (!(error instanceof ConfigProblem)) console.error(error);
    publish({
      ...base,
      runId: ++runId,
      state: "error",
      error: message,
      backend: currentKind ?? (backendSelect.value as BackendKind),
      activationStd: [],
      layers: [],
      histogram: { layer: "", edges: [], counts: [] },
      report: [],
      warnings: [],
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(download === undefined ? {} : { download }),
      timings: { initWeightsMs: 0, forwardMs: 0 },
    });
  } finally {
    watch?.stop();
    setControlsBusy(false);
  }
}

/** Empties every result view and frees the last model. */
async function clearResults(): Promise<void> {
  histogramRequest += 1;
  charts.clear();
  stdSummary.textContent = "";
  reportBody.replaceChildren();
  warningList.replaceChildren();
  layerSelect.replaceChildren();
  clearLoadReport(loadReportTable);
  loadReportPanel.hidden = true;
  await disposeCurrentModel();
}

async function disposeCurrentModel(): Promise<void> {
  const model = currentModel;
  currentModel = undefined;
  currentKind = undefined;
  if (model) await disposeModel(model);
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

/** A load report as plain data (arrays copied), safe to expose on `window`. */
function plainLoadReport(report: PageLoadReport): PageLoadReport {
  return JSON.parse(JSON.stringify(report)) as PageLoadReport;
}

function publish(result: PageResult): void {
  lastResult = result;
  window.__initlibResult = result;
  app.dataset.state = result.state;
}

/** A config or checkpoint the page could not use; its message is shown under the controls. */
class ConfigProblem extends Error {}
